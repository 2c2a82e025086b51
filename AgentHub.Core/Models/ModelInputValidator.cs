using System.Text.Json;
using FluentValidation;

namespace AgentHub.Core.Models;

/// <summary>Validates the model form; each message names the field and its valid range.</summary>
public sealed class ModelInputValidator : AbstractValidator<ModelInput>
{
    public const int ModelIdMaxLength = 200;
    public const int AliasMaxLength = 200;
    public const int MaxTokensLimit = 1_000_000;
    public const int AdditionalParametersMaxLength = FieldLimits.AdditionalParameters;
    public const double MaxTemperature = 2;
    public const double MaxTopP = 1;

    /// <summary>Said when no credential is chosen.</summary>
    public const string CredentialRequired = "Credential is required: choose a Verified credential of the model's provider.";

    /// <summary>Said at an empty Model name or ID.</summary>
    public const string ModelIdRequired = "Model name or ID is required: type the provider's model ID, such as gpt-4o-mini.";

    /// <summary>Said at a Model name or ID longer than <see cref="ModelIdMaxLength"/>.</summary>
    public static readonly string ModelIdTooLong = $"Model name or ID must be at most {ModelIdMaxLength} characters.";

    /// <summary>Said at an Alias longer than <see cref="AliasMaxLength"/>.</summary>
    public static readonly string AliasTooLong = $"Alias must be at most {AliasMaxLength} characters.";

    /// <summary>Said at Additional parameters longer than <see cref="AdditionalParametersMaxLength"/>.</summary>
    public static readonly string AdditionalParametersTooLong = $"Additional parameters must be at most {AdditionalParametersMaxLength:N0} characters.";

    /// <summary>The accepted range of Max tokens, as the form's help says it.</summary>
    public static readonly string MaxTokensRange = $"1 to {MaxTokensLimit:N0}";

    // Parameters Agent Hub sets itself or that have their own fields.
    private static readonly Dictionary<string, string> ReservedParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["model"] = "Agent Hub sends the model itself",
        ["messages"] = "Agent Hub sends the messages itself",
        ["temperature"] = "use the Temperature field",
        ["max_tokens"] = "use the Max tokens field",
        ["max_completion_tokens"] = "use the Max tokens field",
        ["top_p"] = "use the Top P field",
    };

    public ModelInputValidator()
    {
        RuleFor(x => x.CredentialId)
            .NotNull()
            .WithMessage(CredentialRequired);

        RuleFor(x => x.ModelId)
            .Must(id => !string.IsNullOrWhiteSpace(id))
            .WithMessage(ModelIdRequired)
            .Must(id => id.Trim().Length <= ModelIdMaxLength)
            .WithMessage(ModelIdTooLong)
            .Must(id => !id.Any(char.IsControl))
            .WithMessage("Model name or ID must be on one line, without control characters.")
            .Must(id => DisplayNames.Problem("Model name or ID", id) is null)
            .WithMessage(x => DisplayNames.Problem("Model name or ID", x.ModelId));

        RuleFor(x => x.Alias)
            .Must(alias => alias!.Trim().Length <= AliasMaxLength)
            .WithMessage(AliasTooLong)
            .Must(alias => !alias!.Any(char.IsControl))
            .WithMessage("Alias must be on one line, without control characters.")
            .When(x => !string.IsNullOrWhiteSpace(x.Alias));

        RuleFor(x => x.Temperature)
            .InclusiveBetween(0, MaxTemperature).When(x => x.Temperature is not null)
            .WithMessage($"Temperature must be between 0 and {MaxTemperature} (higher is more random).");

        RuleFor(x => x.MaxTokens)
            .InclusiveBetween(1, MaxTokensLimit).When(x => x.MaxTokens is not null)
            .WithMessage($"Max tokens must be a whole number from {MaxTokensRange}.");

        RuleFor(x => x.TopP)
            .InclusiveBetween(0, MaxTopP).When(x => x.TopP is not null)
            .WithMessage($"Top P must be between 0 and {MaxTopP}.");

        RuleFor(x => x.AdditionalParameters).Custom((json, context) =>
        {
            if (json is not null && json.Trim().Length > AdditionalParametersMaxLength)
            {
                context.AddFailure(AdditionalParametersTooLong);
            }
            else if (!string.IsNullOrWhiteSpace(json) && CheckParameters(json) is { } problem)
            {
                context.AddFailure(problem);
            }
        });
    }

    private static string? CheckParameters(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return "Additional parameters must be a JSON object in braces, such as {\"seed\": 42}.";
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (ReservedParameters.TryGetValue(property.Name, out var why))
                {
                    return $"Additional parameters must not set \"{property.Name}\": {why}.";
                }
            }

            return null;
        }
        catch (JsonException e)
        {
            return $"Additional parameters is not valid JSON (line {e.LineNumber + 1}): write an object such as {{\"seed\": 42}}.";
        }
    }
}
