using System.Text.Json;
using AgentHub.Core.Verification.Http;

namespace AgentHub.Core.Verification.Clients;

/// <summary>
/// Databricks: <c>GET {workspace}/api/2.0/serving-endpoints</c> with a Bearer token; endpoint names are the model IDs.
/// The token only works in its own workspace, so the admin's Workspace URL (the schema's destination field) is the base.
/// </summary>
public sealed class DatabricksClient(HttpClient http, ProviderCatalog catalog) : ProviderClient(http, catalog)
{
    public override string ProviderId => ProviderIds.Databricks;

    protected override HttpRequestMessage ListRequest(ProviderTarget target, string? pageToken) => target.Request(HttpMethod.Get, "api/2.0/serving-endpoints");

    // A workspace without serving endpoints answers {}; anything else must carry the list.
    protected override bool IsExpectedSuccess(ProviderResponse response) =>
        response.HasArray("endpoints") || response.Json is { ValueKind: JsonValueKind.Object } json && !json.EnumerateObject().Any();

    protected override IEnumerable<string> ParseModels(ProviderResponse response) =>
        response.Find("endpoints") is { ValueKind: JsonValueKind.Array } endpoints
            ? endpoints.EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null)
                .OfType<string>()
            : [];

    /// <summary>
    /// Reads <c>GET {workspace}/api/2.0/token/list</c> (every valid token of the token's user, with
    /// <c>expiry_time</c> in ms since the epoch, -1 for none). The list does not say which token made
    /// the call, so an expiry is reported only when every listed token shares it (one token listed, or
    /// all expiring at once); otherwise, or when the list is refused, nothing is said.
    /// </summary>
    protected override async Task<DateTime?> ReadExpiryAsync(ProviderTarget target, VerificationRequest credential, CancellationToken cancellationToken)
    {
        var (response, refused) = await SendAsync(target, () => target.Request(HttpMethod.Get, "api/2.0/token/list"), credential, cancellationToken);
        if (refused is not null || response is not { IsSuccess: true } || response.Find("token_infos") is not { ValueKind: JsonValueKind.Array } tokens)
        {
            return null;
        }

        var expiries = tokens.EnumerateArray()
            .Select(t => t.ValueKind == JsonValueKind.Object && t.TryGetProperty("expiry_time", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var ms) ? ms : (long?)null)
            .ToList();
        // A token without expiry (-1), an unreadable entry or two different expiries: the one in use is unknown.
        return expiries.Count > 0 && expiries.Distinct().Count() == 1 && expiries[0] is > 0 and var shared
            ? DateTimeOffset.FromUnixTimeMilliseconds(shared).UtcDateTime
            : null;
    }

    protected override HttpRequestMessage ProbeRequest(ProviderTarget target, string modelId) =>
        target.Request(HttpMethod.Post, $"serving-endpoints/{Segment(modelId)}/invocations", new
        {
            messages = new[] { new { role = "user", content = "ping" } },
            max_tokens = 1,
        });

    protected override string? ParseReply(ProviderResponse response) => OpenAiFormat.Reply(response);

    protected override VerificationResult ClassifyError(ProviderResponse response, VerificationRequest credential)
    {
        // error_code is a number on the token check (403) and a string such as "PERMISSION_DENIED" elsewhere.
        var code = response.Text("error_code");
        var message = response.String("message");
        var outcome = response.Code switch
        {
            401 => VerificationOutcome.InvalidKey,
            403 when message?.Contains("Invalid access token", StringComparison.OrdinalIgnoreCase) == true
                || message?.Contains("invalid token", StringComparison.OrdinalIgnoreCase) == true => VerificationOutcome.InvalidKey,
            429 => VerificationOutcome.RateLimited,
            _ => ByStatus(response) ?? VerificationOutcome.ProviderError,
        };
        return Failed(outcome, response, credential, message is null ? null : $"{code}: {message}");
    }
}
