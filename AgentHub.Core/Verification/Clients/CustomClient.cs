using System.Security.Cryptography.X509Certificates;
using AgentHub.Core.Verification.Http;

namespace AgentHub.Core.Verification.Clients;

/// <summary>
/// Any endpoint speaking the OpenAI Chat Completions format, at the admin's Base URL (guarded),
/// with an optional key, extra headers on every call and an optional private CA trusted for this
/// credential's calls only.
/// </summary>
public sealed class CustomClient(HttpClient http, ProviderCatalog catalog, OutboundHandlerFactory handlers, PinnedTrustClients pinned)
    : OpenAiCompatibleClient(http, catalog)
{
    public override string ProviderId => ProviderIds.Custom;

    /// <summary>Verification proves the stored CA each time: a client of its own, on a new connection.</summary>
    protected override Task<(ProviderTarget? Target, VerificationResult? Failure)> PrepareAsync(VerificationRequest credential, CancellationToken cancellationToken) =>
        Task.FromResult(Prepare(credential, forGateway: false));

    /// <summary>
    /// Gateway calls trusting a private CA go through the client kept for that CA
    /// (<see cref="PinnedTrustClients"/>), so they reuse its connections instead of a handshake per call.
    /// </summary>
    protected override Task<(ProviderTarget? Target, VerificationResult? Failure)> PrepareForGatewayAsync(
        VerificationRequest credential, CancellationToken cancellationToken) =>
        Task.FromResult(Prepare(credential, forGateway: true));

    private (ProviderTarget? Target, VerificationResult? Failure) Prepare(VerificationRequest credential, bool forGateway)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (credential.Value(FieldKeys.ApiKey) is { } key)
        {
            headers.Add(new("Authorization", "Bearer " + key));
        }

        if (!HeaderLines.TryParse(credential.Value(FieldKeys.ExtraHeaders), out var extra, out var problem))
        {
            // Never call without headers the admin asked for, nor with a value the form would refuse.
            return (null, new(VerificationOutcome.InvalidKey, $"Extra headers {problem} Edit the credential to correct it.", "Refused Extra headers before calling"));
        }

        headers.AddRange(extra);

        var target = new ProviderTarget(BaseUrl(credential), headers, Http);
        if (credential.Value(FieldKeys.CaCertificate) is not { } pem)
        {
            return (target, null);
        }

        // A private CA must not be trusted for anyone else's calls: a client trusting it alone.
        if (forGateway)
        {
            var lease = pinned.Rent(pem);
            return (target with { Http = lease.Client, Lease = lease }, null);
        }

        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(pem);
        return (target with { Http = new HttpClient(handlers.Create(roots), disposeHandler: true) { Timeout = Http.Timeout }, OwnsClient = true }, null);
    }

    /// <summary>
    /// <c>GET models</c>; where an endpoint has no list (404/405), one chat call decides: any
    /// OpenAI-shaped JSON answer other than 401/403 proves the endpoint speaks the format.
    /// </summary>
    public override Task<VerificationResult> VerifyAsync(VerificationRequest credential, CancellationToken cancellationToken) =>
        VerifyWithChatFallbackAsync(credential, list => list.Code is 404 or 405, chatModel: "", cancellationToken);

    protected override VerificationResult UnexpectedSuccess(ProviderResponse response, VerificationRequest credential) =>
        VerificationResult.Failed(VerificationOutcome.NotOpenAiCompatible, credential.Schema.DisplayName, Detail(response));

    // vLLM answers 401 {"error":"Unauthorized"}, LiteLLM puts code as a string: status decides first.
    protected override VerificationResult ClassifyError(ProviderResponse response, VerificationRequest credential)
    {
        var message = response.Text("error", "message") ?? response.String("error") ?? response.String("detail");
        if (response.Json is null && response.Code is >= 400 and < 500 and not (401 or 403 or 429))
        {
            return Failed(VerificationOutcome.NotOpenAiCompatible, response, credential);
        }

        return Failed(ByStatus(response) ?? VerificationOutcome.ProviderError, response, credential, message);
    }
}
