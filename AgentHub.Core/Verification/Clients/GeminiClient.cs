using System.Text.Json;
using AgentHub.Core.Verification.Http;

namespace AgentHub.Core.Verification.Clients;

/// <summary>Gemini API: <c>GET models</c> with <c>x-goog-api-key</c> (the key never goes in the query), paged by <c>pageToken</c>.</summary>
public sealed class GeminiClient(HttpClient http, ProviderCatalog catalog) : ProviderClient(http, catalog)
{
    public override string ProviderId => ProviderIds.Gemini;

    protected override IReadOnlyList<KeyValuePair<string, string>> AuthHeaders(VerificationRequest credential) =>
        [new("x-goog-api-key", credential.Value(FieldKeys.ApiKey) ?? "")];

    protected override HttpRequestMessage ListRequest(ProviderTarget target, string? pageToken) =>
        target.Request(HttpMethod.Get, pageToken is null ? "models?pageSize=1000" : $"models?pageSize=1000&pageToken={Uri.EscapeDataString(pageToken)}");

    // An account without models answers {}; anything else must carry the list.
    protected override bool IsExpectedSuccess(ProviderResponse response) =>
        response.HasArray("models") || response.Json is { ValueKind: JsonValueKind.Object } json && !json.EnumerateObject().Any();

    // Suggestions are the models that can chat, named as calls name them (without "models/").
    protected override IEnumerable<string> ParseModels(ProviderResponse response) =>
        response.Find("models") is { ValueKind: JsonValueKind.Array } models
            ? models.EnumerateArray()
                .Where(m => m.ValueKind == JsonValueKind.Object
                    && m.TryGetProperty("supportedGenerationMethods", out var methods) && methods.ValueKind == JsonValueKind.Array
                    && methods.EnumerateArray().Any(x => x.ValueKind == JsonValueKind.String && x.GetString() == "generateContent"))
                .Select(m => m.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null)
                .OfType<string>()
                .Select(name => name.StartsWith("models/", StringComparison.Ordinal) ? name["models/".Length..] : name)
            : [];

    protected override string? NextPage(ProviderResponse response) => response.String("nextPageToken") is { Length: > 0 } token ? token : null;

    protected override HttpRequestMessage ProbeRequest(ProviderTarget target, string modelId) =>
        target.Request(HttpMethod.Post, $"models/{Segment(modelId)}:generateContent", GoogleFormat.ProbeBody(role: null));

    protected override string? ParseReply(ProviderResponse response) => GoogleFormat.Reply(response);

    protected override VerificationResult ClassifyError(ProviderResponse response, VerificationRequest credential)
    {
        var status = response.String("error", "status");
        var message = response.String("error", "message");
        var outcome = (response.Code, status) switch
        {
            (400, _) when GoogleFormat.HasReason(response, "API_KEY_INVALID") || message?.Contains("API key not valid", StringComparison.OrdinalIgnoreCase) == true => VerificationOutcome.InvalidKey,
            (400, "FAILED_PRECONDITION") => VerificationOutcome.PermissionDenied,
            (401, _) => VerificationOutcome.InvalidKey,
            (403, _) => VerificationOutcome.PermissionDenied,
            (429, _) => GoogleFormat.IsQuotaExhausted(response) ? VerificationOutcome.QuotaExhausted : VerificationOutcome.RateLimited,
            _ => ByStatus(response) ?? VerificationOutcome.ProviderError,
        };
        return Failed(outcome, response, credential, message is null ? null : $"{status}: {message}");
    }
}
