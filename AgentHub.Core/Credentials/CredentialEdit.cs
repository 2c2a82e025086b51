namespace AgentHub.Core.Credentials;

/// <summary>What an edit starts from: the stored name, description, clear settings and which secret fields hold a value.</summary>
public sealed record StoredCredential(
    string Name,
    string? Description,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlySet<string> SecretFields);

/// <summary>
/// The rules of one edit of a credential, with no database and no secret values: which fields it
/// changes, whether it changes authentication (and so must be proven with the provider), and what
/// must be typed again before it may run. The service and the edit dialog both ask this class, so
/// the form's progress label and the server's decision cannot disagree.
/// </summary>
public sealed class CredentialEdit
{
    private readonly ProviderSchema _schema;
    private readonly StoredCredential _stored;
    private readonly CredentialInput _input;

    /// <summary>Reads an edit of <paramref name="stored"/> into <paramref name="input"/>.</summary>
    public CredentialEdit(ProviderSchema schema, StoredCredential stored, CredentialInput input)
    {
        _schema = schema;
        _stored = stored;
        _input = input;
        (Settings, TypedSecrets) = Split(schema, input);
        ClearedSecrets = schema.Fields
            .Where(f => f is { IsSecret: true, Required: false } && input.ClearedSecrets.Contains(f.Key) && stored.SecretFields.Contains(f.Key) && !TypedSecrets.ContainsKey(f.Key))
            .Select(f => f.Key)
            .ToHashSet();
        MovedDestinations = schema.Fields
            .Where(f => f.IsDestination && !string.Equals(Effective(f, stored.Settings), Effective(f, Settings), StringComparison.Ordinal))
            .ToList();
        SecretsToRetype = MovedDestinations.Count == 0
            ? []
            : schema.Fields
                .Where(f => f.IsSecret && stored.SecretFields.Contains(f.Key) && !TypedSecrets.ContainsKey(f.Key) && !ClearedSecrets.Contains(f.Key))
                .ToList();
    }

    /// <summary>The clear settings the edit stores (blank fields dropped).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The secret values typed in this edit; a blank secret field keeps the stored value.</summary>
    public IReadOnlyDictionary<string, string> TypedSecrets { get; }

    /// <summary>Optional stored secrets this edit removes.</summary>
    public IReadOnlySet<string> ClearedSecrets { get; }

    /// <summary>The fields that decide where secrets are sent and whose effective value this edit changes.</summary>
    public IReadOnlyList<ProviderField> MovedDestinations { get; }

    /// <summary>Stored secrets that would follow a new address unless typed again (or removed) in this edit.</summary>
    public IReadOnlyList<ProviderField> SecretsToRetype { get; }

    /// <summary>
    /// Whether the edit must be proven with the provider before it is stored: a secret typed or
    /// removed, or an authentication setting whose effective value (a blank field means its
    /// default) changes.
    /// </summary>
    public bool ChangesAuthentication =>
        TypedSecrets.Count > 0
        || ClearedSecrets.Count > 0
        || _schema.Fields.Any(f => f is { IsAuth: true, IsSecret: false }
            && !string.Equals(Effective(f, _stored.Settings), Effective(f, Settings), StringComparison.Ordinal));

    /// <summary>The labels of the fields the edit changes; never their values.</summary>
    public IReadOnlyList<string> ChangedFields
    {
        get
        {
            var changed = new List<string>();
            if (_stored.Name != DisplayNames.Normalize(_input.Name))
            {
                changed.Add("Name");
            }

            if (_stored.Description != Credential.Blank(_input.Description))
            {
                changed.Add("Description");
            }

            changed.AddRange(_schema.Fields
                .Where(f => f.IsSecret
                    ? TypedSecrets.ContainsKey(f.Key) || ClearedSecrets.Contains(f.Key)
                    : _stored.Settings.GetValueOrDefault(f.Key) != Settings.GetValueOrDefault(f.Key))
                .Select(f => f.Label));
            return changed;
        }
    }

    /// <summary>
    /// Why the edit may not run at all, before any provider call: a stored secret would be sent to
    /// an address it was never proven at. The message stands at each moved address field and at
    /// each secret to type again. Null when the edit may go on.
    /// </summary>
    public OperationError? Refusal()
    {
        if (SecretsToRetype.Count == 0)
        {
            return null;
        }

        var secrets = string.Join(" and ", SecretsToRetype.Select(f => f.Label));
        var pronoun = SecretsToRetype.Count == 1 ? "it" : "them";
        var errors = new Dictionary<string, string[]>();
        foreach (var moved in MovedDestinations)
        {
            errors[moved.Key] = [$"Type the {secrets} again to use {pronoun} at a new address: a stored secret is only sent where it was proven."];
        }

        foreach (var secret in SecretsToRetype)
        {
            errors[secret.Key] = [$"Type the {secret.Label} again: the {string.Join(" and ", MovedDestinations.Select(f => f.Label))} changed."];
        }

        return new OperationError(OperationErrorKind.Invalid, errors[MovedDestinations[0].Key][0]) { FieldErrors = errors };
    }

    /// <summary>
    /// When the stored secrets can no longer be decrypted, every required secret must be typed:
    /// the message at each one that was not; null when all were.
    /// </summary>
    public OperationError? MissingReentry()
    {
        var errors = _schema.Fields
            .Where(f => f.IsSecret && f.Required && !TypedSecrets.ContainsKey(f.Key))
            .ToDictionary(f => f.Key, f => new[] { $"{f.Label} must be entered again: the stored value can no longer be decrypted." });
        return errors.Count == 0
            ? null
            : new OperationError(OperationErrorKind.Invalid, errors.Values.First()[0]) { FieldErrors = errors };
    }

    /// <summary>The secrets to store after the edit: the stored ones, less those removed, with those typed replacing them.</summary>
    public Dictionary<string, string> MergeSecrets(IReadOnlyDictionary<string, string> stored)
    {
        var secrets = stored.Where(kv => !ClearedSecrets.Contains(kv.Key)).ToDictionary();
        foreach (var (key, value) in TypedSecrets)
        {
            secrets[key] = value;
        }

        return secrets;
    }

    /// <summary>Splits a form's values into clear settings and secrets, dropping blanks.</summary>
    public static (Dictionary<string, string> Settings, Dictionary<string, string> Secrets) Split(ProviderSchema schema, CredentialInput input)
    {
        var settings = new Dictionary<string, string>();
        var secrets = new Dictionary<string, string>();
        foreach (var field in schema.Fields)
        {
            if (input.Value(field.Key) is { } value)
            {
                (field.IsSecret ? secrets : settings)[field.Key] = value;
            }
        }

        return (settings, secrets);
    }

    // A blank field and its default mean the same call, so switching between them is no change.
    private static string? Effective(ProviderField field, IReadOnlyDictionary<string, string> values) =>
        values.TryGetValue(field.Key, out var v) ? v : field.DefaultValue;
}
