using System.Text.Json;
using AgentHub.Core.Verification.Http;

namespace AgentHub.Core.Verification.Clients;

/// <summary>Anthropic: <c>GET models</c> with <c>x-api-key</c> and <c>anthropic-version</c>, paged by <c>after_id</c>.</summary>
public sealed class AnthropicClient(HttpClient http, ProviderCatalog catalog) : ProviderClient(http, catalog)
{
    public const string ApiVersion = "2023-06-01";

    public override string ProviderId => ProviderIds.Anthropic;

    protected override IReadOnlyList<KeyValuePair<string, string>> AuthHeaders(VerificationRequest credential) =>
        [new("x-api-key", credential.Value(FieldKeys.ApiKey) ?? ""), new("anthropic-version", ApiVersion)];

    protected override HttpRequestMessage ListRequest(ProviderTarget target, string? pageToken) =>
        target.Request(HttpMethod.Get, pageToken is null ? "models?limit=1000" : $"models?limit=1000&after_id={Uri.EscapeDataString(pageToken)}");

    protected override bool IsExpectedSuccess(ProviderResponse response) => response.HasArray("data");

    protected override IEnumerable<string> ParseModels(ProviderResponse response) => OpenAiFormat.ModelIds(response);

    protected override string? NextPage(ProviderResponse response) =>
        response.Find("has_more") is { ValueKind: JsonValueKind.True } ? response.String("last_id") : null;

    protected override HttpRequestMessage ProbeRequest(ProviderTarget target, string modelId) =>
        target.Request(HttpMethod.Post, "messages", new
        {
            model = modelId,
            max_tokens = 1,
            messages = new[] { new { role = "user", content = "ping" } },
        });

    protected override string? ParseReply(ProviderResponse response) =>
        response.Find("content") is { ValueKind: JsonValueKind.Array } content && content.GetArrayLength() > 0
        && content[0].ValueKind == JsonValueKind.Object && content[0].TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
            ? text.GetString()
            : null;

    protected override VerificationResult ClassifyError(ProviderResponse response, VerificationRequest credential)
    {
        var type = response.String("error", "type");
        var message = response.String("error", "message");
        var outcome = (response.Code, type) switch
        {
            (_, "authentication_error") or (401, _) => VerificationOutcome.InvalidKey,
            (_, "billing_error") or (402, _) => VerificationOutcome.QuotaExhausted,
            (400, _) when message?.StartsWith("You have reached your specified API usage limits", StringComparison.Ordinal) == true => VerificationOutcome.QuotaExhausted,
            (_, "permission_error") or (403, _) => VerificationOutcome.PermissionDenied,
            (_, "not_found_error") or (404, _) => VerificationOutcome.EndpointNotFound,
            (_, "rate_limit_error") or (429, _) => VerificationOutcome.RateLimited,
            _ => VerificationOutcome.ProviderError,
        };
        return Failed(outcome, response, credential, message is null ? null : $"{type}: {message}");
    }
}
