using AgentHub.Core.Providers;

namespace AgentHub.Web.Components.Pages.AgentHub.Credentials;

/// <summary>
/// What a reload restores of an open credential dialog: the non-secret values, and only the names
/// of the secret fields that had something typed, so the admin can be told to type them again.
/// </summary>
public sealed record CredentialDraft
{
    /// <summary>The draft's place in the browser (one per tab).</summary>
    public const string Tab = "credentials";

    /// <summary>The credential being edited; null for the create dialog.</summary>
    public Guid? CredentialId { get; init; }

    /// <summary>The version the edit started from, so a change made meanwhile is still detected on Save.</summary>
    public Guid? Version { get; init; }

    public string Name { get; init; } = "";

    public string? Description { get; init; }

    public string ProviderId { get; init; } = "";

    /// <summary>Values of the provider's non-secret fields only.</summary>
    public Dictionary<string, string?> Values { get; init; } = [];

    public List<string> ClearedSecrets { get; init; } = [];

    /// <summary>Keys of the secret fields that held a typed value (never the value).</summary>
    public List<string> TypedSecrets { get; init; } = [];

    /// <summary>The draft of <paramref name="input"/>: a field whose schema is unknown or secret is left out.</summary>
    public static CredentialDraft Of(ProviderSchema? schema, CredentialInput input, Guid? credentialId, Guid? version)
    {
        var fields = schema?.Fields ?? [];
        return new CredentialDraft
        {
            CredentialId = credentialId,
            Version = version,
            Name = input.Name,
            Description = input.Description,
            ProviderId = input.ProviderId,
            Values = fields.Where(f => !f.IsSecret && !string.IsNullOrEmpty(input.Values.GetValueOrDefault(f.Key)))
                .ToDictionary(f => f.Key, f => input.Values.GetValueOrDefault(f.Key)),
            ClearedSecrets = fields.Where(f => f.IsSecret && input.ClearedSecrets.Contains(f.Key)).Select(f => f.Key).ToList(),
            TypedSecrets = fields.Where(f => f.IsSecret && !string.IsNullOrEmpty(input.Values.GetValueOrDefault(f.Key))).Select(f => f.Key).ToList(),
        };
    }

    /// <summary>Puts the draft's values back into <paramref name="input"/>; an edit keeps its provider.</summary>
    public void ApplyTo(CredentialInput input, ProviderCatalog catalog)
    {
        input.Name = Name;
        input.Description = Description;
        if (!input.IsEdit)
        {
            input.ProviderId = ProviderId;
        }

        var schema = catalog.Find(input.ProviderId);
        foreach (var field in schema?.Fields.Where(f => !f.IsSecret) ?? [])
        {
            if (Values.TryGetValue(field.Key, out var value))
            {
                input.Values[field.Key] = value;
            }
        }

        foreach (var key in ClearedSecrets.Where(k => schema?.Fields.Any(f => f.Key == k && f.IsSecret) == true))
        {
            input.ClearedSecrets.Add(key);
        }
    }
}
