namespace AgentHub.Core.Credentials;

/// <summary>What the create and edit forms submit.</summary>
public sealed class CredentialInput
{
    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public string ProviderId { get; set; } = "";

    /// <summary>The provider's field values by field key; blank or absent means "not given".</summary>
    public Dictionary<string, string?> Values { get; set; } = [];

    /// <summary>
    /// True for an edit: a blank secret field then keeps the stored secret instead of failing
    /// the "required" rule.
    /// </summary>
    public bool IsEdit { get; set; }

    /// <summary>
    /// Optional secret fields whose stored value an edit removes (a blank field keeps it).
    /// </summary>
    public HashSet<string> ClearedSecrets { get; set; } = [];

    /// <summary>The trimmed value of a field, or null when it is blank.</summary>
    public string? Value(string key) =>
        Values.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    // Never print values: they hold secrets.
    public override string ToString() => $"CredentialInput {{ Name = {Name}, ProviderId = {ProviderId} }}";
}
