using AgentHub.Core.Verification.Http;

namespace AgentHub.Core.Verification.Clients;

/// <summary>
/// Fireworks AI: OpenAI-compatible, <c>GET models</c> with a Bearer key, against the shared API or
/// a Direct-Route deployment's Base URL (an admin-typed URL, so the outbound guard applies).
/// </summary>
public sealed class FireworksClient(HttpClient http, ProviderCatalog catalog) : OpenAiCompatibleClient(http, catalog)
{
    /// <summary>A serverless model that answers a chat call when the list call cannot be trusted.</summary>
    internal const string FallbackModel = "accounts/fireworks/models/llama-v3p1-8b-instruct";

    public override string ProviderId => ProviderIds.Fireworks;

    /// <summary>
    /// A 404 from a Direct-Route deployment (which may not serve a list) or a 500 from the shared
    /// list (reported with valid keys) is settled by a one-token chat call before it counts.
    /// </summary>
    public override Task<VerificationResult> VerifyAsync(VerificationRequest credential, CancellationToken cancellationToken)
    {
        var directRoute = credential.Value(FieldKeys.BaseUrl) is not null;
        return VerifyWithChatFallbackAsync(credential, list => list.Code == 500 || (directRoute && list.Code == 404), FallbackModel, cancellationToken);
    }

    // The error body's shape is unconfirmed: classify by status, keep whatever message there is.
    protected override VerificationResult ClassifyError(ProviderResponse response, VerificationRequest credential)
    {
        var outcome = response.Code == 412 ? VerificationOutcome.PermissionDenied : ByStatus(response) ?? VerificationOutcome.ProviderError;
        return Failed(outcome, response, credential, response.Text("error", "message") ?? response.String("error"));
    }
}
