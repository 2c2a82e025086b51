using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace AgentHub.Tests.Fakes;

/// <summary>
/// What the tests need to know about one provider, in one row: the fake that serves it, the values
/// that fake accepts (or refuses, given a wrong key), the smallest valid form values when no fake
/// is involved, the chat models its fake lists and the call its one-token probe makes.
/// </summary>
/// <param name="Fake">The fake server answering as this provider.</param>
/// <param name="FakeValues">Values its fake accepts; with a wrong key (not null), values it refuses.</param>
/// <param name="FormValues">The smallest set of values that passes validation, for tests that call no provider.</param>
/// <param name="ListedModels">The chat models its fake lists, in the order the list returns them.</param>
/// <param name="ProbeModel">A model its fake answers a probe for.</param>
/// <param name="ProbeCall">The method and path of that probe on the fake.</param>
public sealed record ProviderTestRow(
    Func<FakeProviders, FakeProviderServer> Fake,
    Func<FakeProviders, string?, Dictionary<string, string>> FakeValues,
    Func<string?, Dictionary<string, string?>> FormValues,
    string[] ListedModels,
    string ProbeModel,
    string ProbeCall)
{
    /// <summary>
    /// For a provider with a chat dialect of its own (its schema does not speak OpenAI's chat): the
    /// part of the path every chat call to its fake contains, whatever the model.
    /// </summary>
    public string? NativeChatPath { get; init; }
}

/// <summary>
/// The one source of valid test values per provider. Every provider matrix is built from the
/// catalog and reads its rows here, so a provider added to the catalog without a row (or without a
/// fake) fails the tests that cover every provider.
/// </summary>
public static class ProviderTestValues
{
    /// <summary>The catalog as the app builds it, without operator settings.</summary>
    public static ProviderCatalog Catalog { get; } = new(new ConfigurationBuilder().Build());

    /// <summary>Every catalog provider id, in catalog order.</summary>
    public static IEnumerable<string> Providers => Catalog.All.Select(s => s.Id);

    /// <summary>Every catalog provider id as theory data.</summary>
    public static TheoryData<string> EveryProvider => new(Providers);

    /// <summary>Every catalog provider with a chat dialect of its own (its schema does not speak OpenAI's chat).</summary>
    public static IEnumerable<string> OwnDialectProviderIds => Catalog.All.Where(s => !s.SpeaksOpenAiChat).Select(s => s.Id);

    /// <summary><see cref="OwnDialectProviderIds"/> as theory data.</summary>
    public static TheoryData<string> OwnDialectProviders => new(OwnDialectProviderIds);

    /// <summary>The row of a catalog provider; throws naming a provider that has none.</summary>
    public static ProviderTestRow For(string providerId) =>
        Rows.TryGetValue(providerId, out var row)
            ? row
            : throw new InvalidOperationException($"Provider '{providerId}' has no row in {nameof(ProviderTestValues)}: add its fake and test values there.");

    /// <summary>The providers that have a row.</summary>
    public static IEnumerable<string> RowProviders => Rows.Keys;

    private static Dictionary<string, string> ApiKeyOnly(string key) => new() { [FieldKeys.ApiKey] = key };

    private static Dictionary<string, string?> FormApiKeyOnly(string? key) => new() { [FieldKeys.ApiKey] = key };

    private static readonly Dictionary<string, ProviderTestRow> Rows = new()
    {
        [ProviderIds.OpenAi] = new(
            f => f.OpenAi, (f, wrong) => ApiKeyOnly(wrong ?? f.OpenAi.ValidKey), FormApiKeyOnly,
            ["gpt-3.5-turbo-instruct-legacy", "gpt-4o", "gpt-4o-mini"],
            "gpt-4o-mini", "POST /v1/chat/completions"),
        [ProviderIds.Anthropic] = new(
            f => f.Anthropic, (f, wrong) => ApiKeyOnly(wrong ?? f.Anthropic.ValidKey), FormApiKeyOnly,
            ["claude-3-5-haiku-20241022", "claude-3-7-sonnet", "claude-haiku-4-5", "claude-opus-4-1", "claude-sonnet-4-5"],
            "claude-sonnet-4-5", "POST /v1/messages") { NativeChatPath = "/messages" },
        // Embedding models cannot chat and are left out; "models/" is stripped.
        [ProviderIds.Gemini] = new(
            f => f.Gemini, (f, wrong) => ApiKeyOnly(wrong ?? f.Gemini.ValidKey), FormApiKeyOnly,
            ["gemini-2.0-flash", "gemini-2.5-flash", "gemini-2.5-pro"],
            "gemini-2.0-flash", "POST /v1beta/models/gemini-2.0-flash:generateContent") { NativeChatPath = ":generateContent" },
        [ProviderIds.Fireworks] = new(
            f => f.Fireworks, (f, wrong) => ApiKeyOnly(wrong ?? f.Fireworks.ValidKey), FormApiKeyOnly,
            ["accounts/fireworks/models/llama-v3p1-8b-instruct", "accounts/fireworks/models/qwen3-235b"],
            "accounts/fireworks/models/qwen3-235b", "POST /inference/v1/chat/completions"),
        // A wrong key is a key signed with another private key: the fake's token endpoint refuses it.
        [ProviderIds.VertexAi] = new(
            f => f.VertexAi,
            (f, wrong) => new() { [FieldKeys.ServiceAccountKey] = f.VertexAi.ServiceAccountJson(wrong is null ? null : RSA.Create(2048)) },
            _ => new() { [FieldKeys.ServiceAccountKey] = Inputs.ServiceAccountJson() },
            ["gemini-2.0-flash-001", "gemini-2.5-pro"],
            "gemini-2.5-pro", "POST /v1/projects/fake-project/locations/us-central1/publishers/google/models/gemini-2.5-pro:generateContent") { NativeChatPath = ":generateContent" },
        [ProviderIds.Databricks] = new(
            f => f.Databricks,
            (f, wrong) => new() { [FieldKeys.ApiKey] = wrong ?? f.Databricks.ValidKey, [FieldKeys.WorkspaceUrl] = f.Databricks.Root.AbsoluteUri },
            key => new() { [FieldKeys.ApiKey] = key, [FieldKeys.WorkspaceUrl] = "https://dbc-1234.cloud.databricks.com" },
            ["databricks-meta-llama-3-3-70b-instruct", "my-private-endpoint"],
            "my-private-endpoint", "POST /serving-endpoints/my-private-endpoint/invocations"),
        [ProviderIds.Bedrock] = new(
            f => f.Bedrock, (f, wrong) => ApiKeyOnly(wrong ?? f.Bedrock.ValidKey), FormApiKeyOnly,
            ["anthropic.claude-3-haiku-20240307-v1:0", "meta.llama3-70b-instruct-v1:0"],
            "anthropic.claude-3-haiku-20240307-v1:0", "POST /model/anthropic.claude-3-haiku-20240307-v1:0/converse") { NativeChatPath = "/converse" },
        [ProviderIds.Custom] = new(
            f => f.Custom,
            (f, wrong) => new() { [FieldKeys.ApiKey] = wrong ?? f.Custom.ValidKey, [FieldKeys.BaseUrl] = f.Custom.BaseUrl.AbsoluteUri },
            key => new() { [FieldKeys.BaseUrl] = "https://llm.example.com/v1", [FieldKeys.ApiKey] = key },
            ["llama-3.1-8b", "qwen2.5-7b"],
            "llama-3.1-8b", "POST /v1/chat/completions"),
    };
}
