namespace AgentHub.Core.Providers;

/// <summary>One input of a provider's credential form.</summary>
/// <param name="Key">Stable storage key, e.g. <c>apiKey</c>. Never rename: stored credentials use it.</param>
/// <param name="Label">The field's accessible name in the UI.</param>
/// <param name="Kind">How the value is entered, validated and stored.</param>
/// <param name="Required">Whether a credential needs a value.</param>
/// <param name="HelpText">One sentence under the field telling the admin what to put there.</param>
/// <param name="IsAuth">Whether a change of this value must be proven with the provider before it is saved.</param>
public sealed record ProviderField(
    string Key,
    string Label,
    FieldKind Kind,
    bool Required,
    string HelpText,
    bool IsAuth)
{
    /// <summary>The value used when the admin leaves the field blank.</summary>
    public string? DefaultValue { get; init; }

    /// <summary>The choices of a <see cref="FieldKind.Select"/> field.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>Upper bound on the value's length in characters; by default <see cref="FieldLimits.For"/> the field's kind.</summary>
    public int MaxLength { get; init; } = FieldLimits.For(Kind);

    /// <summary>An example value shown as placeholder.</summary>
    public string? Placeholder { get; init; }

    /// <summary>
    /// A check of the value's content that belongs to the provider, after its kind's own (a Vertex AI
    /// service-account key): what is wrong, said after the field's label, or null when it is fine.
    /// </summary>
    public Func<string, string?>? ContentRule { get; init; }

    /// <summary>A regular expression the value must match, with the message to show when it does not.</summary>
    public (string Pattern, string Message)? Format { get; init; }

    /// <summary>
    /// Whether the value decides where the credential's secrets are sent (an address the admin
    /// types). An edit that changes it must carry every stored secret again: a stored secret never
    /// follows a new address.
    /// </summary>
    public bool IsDestination { get; init; }

    /// <summary>Whether the value is encrypted at rest and never leaves the server.</summary>
    public bool IsSecret => Kind is FieldKind.Secret or FieldKind.Json or FieldKind.Headers;
}
