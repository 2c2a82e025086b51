namespace AgentHub.Core.Providers;

/// <summary>
/// Everything Agent Hub knows about one provider as data: its form, its defaults and its
/// API base. Forms, validators, verification and the gateway all read this (README, "Adding a provider").
/// </summary>
/// <param name="Id">Stable key used in configuration and storage (e.g. <c>openai</c>).</param>
/// <param name="DisplayName">The name admins see (e.g. <c>OpenAI</c>).</param>
/// <param name="DefaultBaseUrl">
/// The public API base, ending with <c>/</c>. May hold <c>{fieldKey}</c> placeholders filled from
/// the credential's values (Bedrock's region, Vertex AI's location). Null when the admin types it.
/// </param>
/// <param name="Fields">The provider's fields in form order.</param>
public sealed record ProviderSchema(
    string Id,
    string DisplayName,
    string? DefaultBaseUrl,
    IReadOnlyList<ProviderField> Fields)
{
    /// <summary>The field whose value the UI hints at (last four characters or the client e-mail).</summary>
    public required string HintField { get; init; }

    /// <summary>
    /// Whether the provider speaks OpenAI Chat Completions itself: the gateway then passes requests
    /// through (<c>OpenAiCompatibleDialect</c>) and the provider needs no dialect of its own.
    /// </summary>
    public bool SpeaksOpenAiChat { get; init; }

    /// <summary>A one-line example of this provider's model IDs, for the Models tab.</summary>
    public string ModelIdExample { get; init; } = "";

    /// <summary>
    /// A rule across the provider's fields beyond each field's own (Vertex AI: the key's
    /// <c>project_id</c> when Project is blank), given the schema and the values by field key:
    /// the problem, or null. The validator and the provider's client both ask it.
    /// </summary>
    public Func<ProviderSchema, Func<string, string?>, FieldProblem?>? CrossFieldRule { get; init; }

    /// <summary>Looks a field up by key.</summary>
    public ProviderField? Field(string key) => Fields.FirstOrDefault(f => f.Key == key);
}
