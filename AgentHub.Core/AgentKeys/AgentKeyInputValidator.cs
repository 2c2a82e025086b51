using FluentValidation;

namespace AgentHub.Core.AgentKeys;

/// <summary>Validates the Create agent key form; each message names the field and what is allowed.</summary>
public sealed class AgentKeyInputValidator : AbstractValidator<AgentKeyInput>
{
    public const int NameMaxLength = 100;
    public const int RequestsPerMinuteLimit = 100_000;

    /// <summary>Said at an empty Name.</summary>
    public const string NameRequired = "Name is required: say which agent or service holds the key, such as support-bot.";

    /// <summary>Said at a Name longer than <see cref="NameMaxLength"/>.</summary>
    public static readonly string NameTooLong = $"Name must be at most {NameMaxLength} characters.";

    public AgentKeyInputValidator(TimeProvider time)
    {
        RuleFor(x => x.Name)
            .Must(name => !string.IsNullOrWhiteSpace(name))
            .WithMessage(NameRequired)
            .Must(name => name.Trim().Length <= NameMaxLength)
            .WithMessage(NameTooLong)
            .Must(name => !name.Any(char.IsControl))
            .WithMessage("Name must be on one line, without control characters.");

        RuleFor(x => x.Expires)
            .Must(date => date!.Value.Date >= time.GetUtcNow().UtcDateTime.Date)
            .When(x => x.Expires is not null)
            .WithMessage("Expires must be today or a later date (the key works until the end of that day, UTC).");

        RuleFor(x => x.RequestsPerMinute)
            .InclusiveBetween(1, RequestsPerMinuteLimit).When(x => x.RequestsPerMinute is not null)
            .WithMessage($"Requests per minute must be a whole number from 1 to {RequestsPerMinuteLimit:N0}, or blank for no limit.");
    }
}
