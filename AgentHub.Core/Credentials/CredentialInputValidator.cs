using FluentValidation;

namespace AgentHub.Core.Credentials;

/// <summary>
/// Validates the credential form from the provider catalog. Provider field failures carry the
/// field's key (e.g. <c>apiKey</c>) as property name, so a form can show each at its field.
/// </summary>
public sealed class CredentialInputValidator : AbstractValidator<CredentialInput>
{
    public const int NameMaxLength = 100;
    public const int DescriptionMaxLength = 500;

    /// <summary>Said at an empty Name.</summary>
    public const string NameRequired = "Name is required: give the credential a name your team will recognise.";

    /// <summary>Said when no provider is chosen.</summary>
    public const string ProviderRequired = "Provider is required: choose the provider this key belongs to.";

    /// <summary>Said at a Name longer than <see cref="NameMaxLength"/>.</summary>
    public static readonly string NameTooLong = $"Name must be at most {NameMaxLength} characters.";

    /// <summary>Said at a Description longer than <see cref="DescriptionMaxLength"/>.</summary>
    public static readonly string DescriptionTooLong = $"Description must be at most {DescriptionMaxLength} characters.";

    public CredentialInputValidator(ProviderCatalog catalog)
    {
        RuleFor(x => x.Name)
            .Must(n => !string.IsNullOrWhiteSpace(n))
            .WithMessage(NameRequired)
            .Must(n => DisplayNames.Normalize(n ?? "").Length <= NameMaxLength)
            .WithMessage(NameTooLong)
            .Must(n => DisplayNames.Problem("Name", n) is null)
            .WithMessage(x => DisplayNames.Problem("Name", x.Name));

        RuleFor(x => x.Description)
            .Must(d => d is null || d.Trim().Length <= DescriptionMaxLength)
            .WithMessage(DescriptionTooLong);

        RuleFor(x => x.ProviderId)
            .Must(id => catalog.Find(id) is not null)
            .WithMessage(ProviderRequired);

        RuleFor(x => x.Values).Custom((values, context) =>
        {
            if (catalog.Find(context.InstanceToValidate.ProviderId) is not { } schema)
            {
                return;
            }

            foreach (var field in schema.Fields)
            {
                foreach (var message in ProviderFieldRules.Check(field, context.InstanceToValidate.Value(field.Key), context.InstanceToValidate.IsEdit))
                {
                    context.AddFailure(field.Key, message);
                }
            }

            if (schema.CrossFieldRule?.Invoke(schema, context.InstanceToValidate.Value) is { } problem)
            {
                context.AddFailure(problem.FieldKey, problem.Message);
            }
        });
    }
}
