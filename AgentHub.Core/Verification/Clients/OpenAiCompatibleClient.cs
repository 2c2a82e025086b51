using AgentHub.Core.Verification.Http;

namespace AgentHub.Core.Verification.Clients;

/// <summary>
/// A provider that speaks OpenAI's API (OpenAI, Fireworks AI, Custom endpoints): <c>GET models</c>
/// lists and verifies, <c>POST chat/completions</c> with <c>max_tokens</c> 1 probes, against the
/// catalog's API base or the URL the admin typed, with a Bearer key. A subclass says only what
/// differs: its id, extra headers, and how its errors read.
/// </summary>
public abstract class OpenAiCompatibleClient(HttpClient http, ProviderCatalog catalog) : ProviderClient(http, catalog)
{
    protected override HttpRequestMessage ListRequest(ProviderTarget target, string? pageToken) => target.Request(HttpMethod.Get, "models");

    protected override bool IsExpectedSuccess(ProviderResponse response) => OpenAiFormat.IsModelList(response);

    protected override IEnumerable<string> ParseModels(ProviderResponse response) => OpenAiFormat.ModelIds(response);

    protected override HttpRequestMessage ProbeRequest(ProviderTarget target, string modelId) => OpenAiFormat.ChatWithMaxTokens(target, modelId);

    protected override string? ParseReply(ProviderResponse response) => OpenAiFormat.Reply(response);
}
