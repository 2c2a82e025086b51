using System.Text.Json;
using AgentHub.Core.Verification.Http;

namespace AgentHub.Core.Verification.Clients;

/// <summary>
/// AWS Bedrock with a long-term API key (Bearer): <c>GET foundation-models</c> on the regional
/// control plane, the probe on the regional runtime. A configured base URL replaces both hosts.
/// </summary>
public sealed class BedrockClient(HttpClient http, ProviderCatalog catalog) : ProviderClient(http, catalog)
{
    public override string ProviderId => ProviderIds.Bedrock;

    protected override HttpRequestMessage ListRequest(ProviderTarget target, string? pageToken) => target.Request(HttpMethod.Get, "foundation-models");

    protected override bool IsExpectedSuccess(ProviderResponse response) => response.HasArray("modelSummaries");

    protected override IEnumerable<string> ParseModels(ProviderResponse response) =>
        response.Find("modelSummaries") is { ValueKind: JsonValueKind.Array } models
            ? models.EnumerateArray()
                .Where(m => m.ValueKind == JsonValueKind.Object
                    && (!m.TryGetProperty("outputModalities", out var output) || output.ValueKind != JsonValueKind.Array
                        || output.EnumerateArray().Any(x => x.ValueKind == JsonValueKind.String && x.GetString() == "TEXT")))
                .Select(m => m.TryGetProperty("modelId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null)
                .OfType<string>()
            : [];

    protected override HttpRequestMessage ProbeRequest(ProviderTarget target, string modelId)
    {
        var runtime = target with { BaseUrl = RuntimeBase(target.BaseUrl) };
        return runtime.Request(HttpMethod.Post, $"model/{Segment(modelId)}/converse", new
        {
            messages = new[] { new { role = "user", content = new[] { new { text = "ping" } } } },
            inferenceConfig = new { maxTokens = 1 },
        });
    }

    protected override string? ParseReply(ProviderResponse response) =>
        response.Find("output", "message", "content") is { ValueKind: JsonValueKind.Array } content && content.GetArrayLength() > 0
        && content[0].ValueKind == JsonValueKind.Object && content[0].TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
            ? text.GetString()
            : null;

    protected override VerificationResult ClassifyError(ProviderResponse response, VerificationRequest credential)
    {
        var type = ErrorType(response);
        var message = response.String("Message") ?? response.String("message");
        var outcome = response.Code switch
        {
            401 => VerificationOutcome.InvalidKey,
            403 when message?.StartsWith("Authentication failed", StringComparison.OrdinalIgnoreCase) == true
                || type is "UnrecognizedClientException" or "InvalidSignatureException" => VerificationOutcome.InvalidKey,
            403 => VerificationOutcome.PermissionDenied,
            429 => VerificationOutcome.RateLimited,
            400 when type == "ValidationException" => VerificationOutcome.ProviderError,
            _ => ByStatus(response) ?? VerificationOutcome.ProviderError,
        };
        var detail = message is null ? null : $"{type ?? "error"}: {message}";
        return outcome == VerificationOutcome.ProviderError && response.Code == 400 && message is not null
            ? new(outcome, $"AWS Bedrock refused the request: {message}", Detail(response, detail))
            : Failed(outcome, response, credential, detail);
    }

    /// <summary>The error type from the <c>x-amzn-ErrorType</c> header (without its ":http://…" suffix) or the body.</summary>
    private static string? ErrorType(ProviderResponse response)
    {
        var header = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
        var type = header ?? response.String("__type");
        return type?.Split(':')[0].Split('#')[^1];
    }

    /// <summary>bedrock.{region}.amazonaws.com → bedrock-runtime.{region}.amazonaws.com; an operator's base stays as it is.</summary>
    private static Uri RuntimeBase(Uri controlPlane) =>
        controlPlane.Host.StartsWith("bedrock.", StringComparison.Ordinal) && controlPlane.Host.EndsWith(".amazonaws.com", StringComparison.Ordinal)
            ? new UriBuilder(controlPlane) { Host = "bedrock-runtime." + controlPlane.Host["bedrock.".Length..] }.Uri
            : controlPlane;
}
