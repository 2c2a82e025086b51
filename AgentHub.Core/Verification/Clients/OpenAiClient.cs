using AgentHub.Core.Verification.Http;

namespace AgentHub.Core.Verification.Clients;

/// <summary>OpenAI: a Bearer key and the optional OpenAI-Organization header; the probe asks for <c>max_completion_tokens</c>.</summary>
public sealed class OpenAiClient(HttpClient http, ProviderCatalog catalog) : OpenAiCompatibleClient(http, catalog)
{
    public override string ProviderId => ProviderIds.OpenAi;

    protected override IReadOnlyList<KeyValuePair<string, string>> AuthHeaders(VerificationRequest credential) =>
        credential.Value(FieldKeys.OrganizationId) is { } organization
            ? [.. base.AuthHeaders(credential), new("OpenAI-Organization", organization)]
            : base.AuthHeaders(credential);

    protected override HttpRequestMessage ProbeRequest(ProviderTarget target, string modelId) =>
        target.Request(HttpMethod.Post, "chat/completions", new
        {
            model = modelId,
            messages = new[] { new { role = "user", content = "ping" } },
            max_completion_tokens = 1,
        });

    // Older models refuse max_completion_tokens and name the field: retry once with max_tokens.
    protected override Func<ProviderTarget, string, HttpRequestMessage>? RetryProbe(ProviderResponse response) =>
        response.Code == 400 && (response.String("error", "param") == "max_completion_tokens"
            || (response.String("error", "message")?.Contains("max_completion_tokens", StringComparison.Ordinal) ?? false))
            ? OpenAiFormat.ChatWithMaxTokens
            : null;

    protected override VerificationResult ClassifyError(ProviderResponse response, VerificationRequest credential)
    {
        var code = response.Text("error", "code");
        var message = response.String("error", "message");
        var outcome = (response.Code, code) switch
        {
            (401, "mismatched_organization" or "no_organization" or "invalid_organization") => VerificationOutcome.OrganizationMismatch,
            (401, _) when message?.Contains("organization", StringComparison.OrdinalIgnoreCase) == true => VerificationOutcome.OrganizationMismatch,
            (429, "insufficient_quota") => VerificationOutcome.QuotaExhausted,
            (429, _) => VerificationOutcome.RateLimited,
            _ => ByStatus(response) ?? VerificationOutcome.ProviderError,
        };
        return Failed(outcome, response, credential, message is null ? null : $"{code ?? response.String("error", "type")}: {message}");
    }
}
