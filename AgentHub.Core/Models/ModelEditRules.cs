using System.Diagnostics.CodeAnalysis;

namespace AgentHub.Core.Models;

/// <summary>
/// The rules of a model's edit that need no store: which credential may carry a model (Verified,
/// of the model's provider), said at the Credential field, and which fields an edit changes.
/// </summary>
internal static class ModelEditRules
{
    /// <summary>Whether this credential cannot carry a model (of <paramref name="providerId"/>, when given), and why.</summary>
    public static bool IsUnusable(ProviderCatalog catalog, [NotNullWhen(false)] Credential? credential, string? providerId, [NotNullWhen(true)] out OperationError? problem)
    {
        problem = Problem(catalog, credential, providerId);
        return problem is not null;
    }

    private static OperationError? Problem(ProviderCatalog catalog, Credential? credential, string? providerId)
    {
        const string Field = nameof(ModelInput.CredentialId);
        if (credential is null)
        {
            return OperationError.Field(Field, "Credential no longer exists: choose another Verified credential.");
        }

        if (providerId is not null && credential.ProviderId != providerId)
        {
            var provider = catalog.Find(providerId)?.DisplayName ?? providerId;
            return OperationError.Field(Field, $"Credential must be a {provider} credential: a model cannot move to another provider.");
        }

        var status = credential.DisplayStatus();
        return status == CredentialStatus.Verified
            ? null
            : OperationError.Field(Field, $"Credential '{credential.Name}' is {status.Label()}: only Verified credentials can be used. Fix it on the Credentials tab first.");
    }

    /// <summary>The names of the fields an edit changes.</summary>
    public static List<string> ChangedFields(ModelConnection stored, ModelInput input)
    {
        var changed = new List<string>();
        void Check(bool differs, string field)
        {
            if (differs)
            {
                changed.Add(field);
            }
        }

        Check(stored.CredentialId != input.CredentialId, "Credential");
        Check(stored.ModelId != input.ModelId.Trim(), "Model name or ID");
        Check(stored.Alias != ModelConnection.AliasOf(input), "Alias");
        Check(stored.Temperature != input.Temperature, "Temperature");
        Check(stored.MaxTokens != input.MaxTokens, "Max tokens");
        Check(stored.TopP != input.TopP, "Top P");
        Check(stored.AdditionalParameters != ModelConnection.AdditionalOf(input), "Additional parameters");
        return changed;
    }
}
