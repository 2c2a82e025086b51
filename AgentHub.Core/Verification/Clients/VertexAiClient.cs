using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AgentHub.Core.Providers.Vertex;
using AgentHub.Core.Verification.Http;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Apis.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;

namespace AgentHub.Core.Verification.Clients;

/// <summary>
/// Vertex AI with a service-account key: Google.Apis.Auth signs the RS256 JWT and exchanges it at
/// the key's token_uri (Google's, or the one the operator configured), then a <c>countTokens</c>
/// call proves access to the project without generating anything.
/// </summary>
public sealed class VertexAiClient(
    System.Net.Http.HttpClient http,
    ProviderCatalog catalog,
    OutboundHandlerFactory handlers,
    IMemoryCache tokens,
    TimeProvider time,
    ILogger<VertexAiClient> logger)
    : ProviderClient(http, catalog)
{
    // A token is reused until this long before Google says it expires.
    private static readonly TimeSpan TokenMargin = TimeSpan.FromMinutes(5);

    public const string GoogleTokenUrl = "https://oauth2.googleapis.com/token";
    public const string Scope = "https://www.googleapis.com/auth/cloud-platform";

    /// <summary>The model whose countTokens call proves access; a stable, generally available one.</summary>
    internal const string VerificationModel = "gemini-2.0-flash-001";

    public override string ProviderId => ProviderIds.VertexAi;

    /// <summary>A gateway target carries an access token, which may take an exchange with Google first.</summary>
    public override bool TargetNeedsACall => true;

    protected override Task<(ProviderTarget? Target, VerificationResult? Failure)> PrepareAsync(VerificationRequest credential, CancellationToken cancellationToken) =>
        PrepareAsync(credential, reuseToken: false, cancellationToken);

    /// <summary>Gateway calls reuse the access token of an earlier exchange for the same key until shortly before it expires.</summary>
    protected override Task<(ProviderTarget? Target, VerificationResult? Failure)> PrepareForGatewayAsync(VerificationRequest credential, CancellationToken cancellationToken) =>
        PrepareAsync(credential, reuseToken: true, cancellationToken);

    private async Task<(ProviderTarget? Target, VerificationResult? Failure)> PrepareAsync(VerificationRequest credential, bool reuseToken, CancellationToken cancellationToken)
    {
        var name = credential.Schema.DisplayName;
        if (!ServiceAccountKey.TryParse(credential.Value(FieldKeys.ServiceAccountKey) ?? "", out var key, out var problem))
        {
            return (null, new(VerificationOutcome.InvalidServiceAccount, $"The service-account key {problem}"));
        }

        // project_id becomes the x-goog-user-project header when Project is blank: it follows Project's rule.
        if (VertexFieldRules.CheckKeyProject(credential.Schema, credential.Value) is { } badProject)
        {
            return (null, new(VerificationOutcome.InvalidServiceAccount, badProject.Message, "project_id refused before calling"));
        }

        var allowedTokenUrl = Catalog.ConfiguredUrl(ProviderId, "TokenUrl")?.AbsoluteUri ?? GoogleTokenUrl;
        if (!string.Equals(key!.TokenUri, allowedTokenUrl, StringComparison.Ordinal))
        {
            return (null, new(VerificationOutcome.InvalidServiceAccount,
                $"The service-account key's token_uri is not Google's token endpoint ({allowedTokenUrl}). Download a new key from Google Cloud.",
                $"token_uri {key.TokenUri}"));
        }

        // Keyed by a hash of the whole key: a rotated key or another token endpoint never finds this token.
        var cacheKey = "vertex-ai-token:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(credential.Value(FieldKeys.ServiceAccountKey) ?? "")));
        if (reuseToken && tokens.TryGetValue(cacheKey, out string? cached) && cached is not null)
        {
            return (Target(credential, key, cached), null);
        }

        ServiceAccountCredential account;
        try
        {
            account = new ServiceAccountCredential(new ServiceAccountCredential.Initializer(key.ClientEmail, key.TokenUri)
            {
                ProjectId = key.ProjectId,
                KeyId = key.PrivateKeyId,
                Scopes = [Scope],
                HttpClientFactory = new GuardedGoogleHttpClientFactory(handlers, ProviderId),
                // Agent Hub's own timeout bounds the call; a retry loop inside it would only hide the answer.
                DefaultExponentialBackOffPolicy = ExponentialBackOffPolicy.None,
            }.FromPrivateKey(key.PrivateKey));
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException or FormatException)
        {
            return (null, new(VerificationOutcome.InvalidServiceAccount,
                "The service-account key's private_key could not be read. Download a new JSON key for the service account and paste it whole."));
        }

        string token;
        try
        {
            // ProviderVerifier's bound covers the exchange: it is part of the operation.
            token = await account.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken);
            if (account.Token is { ExpiresInSeconds: > 0 } issued)
            {
                var reusableFor = TimeSpan.FromSeconds(issued.ExpiresInSeconds.Value) - TokenMargin;
                if (reusableFor > TimeSpan.Zero)
                {
                    tokens.Set(cacheKey, token, time.GetUtcNow() + reusableFor);
                }
            }
        }
        catch (TokenResponseException e)
        {
            logger.LogInformation("Token exchange for {ClientEmail} at {TokenUrl} was refused: {Error}", key.ClientEmail, key.TokenUri, e.Error?.Error);
            return (null, TokenRefused(e, name));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && TransportFailures.Classify(e, name) is null)
        {
            // An answer the library cannot read (a login page, a redirect, a huge body).
            return (null, new(VerificationOutcome.ProviderError,
                "Google's token endpoint gave an answer that is not a token. Check that nothing (a proxy or a login page) sits in between.",
                $"Token endpoint: {e.GetType().Name}"));
        }
        finally
        {
            // The token client was made for this one exchange.
            account.HttpClient.Dispose();
        }

        return (Target(credential, key, token), null);
    }

    private VertexTarget Target(VerificationRequest credential, ServiceAccountKey key, string token)
    {
        var project = credential.Value(FieldKeys.Project) ?? key.ProjectId;
        var location = credential.Value(FieldKeys.Location) ?? credential.Schema.Field(FieldKeys.Location)!.DefaultValue!;
        // The global location has no regional host: its API is at aiplatform.googleapis.com.
        var baseUrl = location == "global" && Catalog.ConfiguredBaseUrl(ProviderId) is null
            ? new Uri("https://aiplatform.googleapis.com/")
            : Catalog.BaseUrlFor(credential.Schema, credential.Values)!;
        return new VertexTarget(baseUrl, [new("Authorization", "Bearer " + token)], Http, project, location) { Secrets = [token] };
    }

    protected override HttpRequestMessage VerifyRequest(ProviderTarget target) =>
        target.Request(HttpMethod.Post, $"{ModelPath(target, VerificationModel)}:countTokens", new
        {
            contents = new[] { new { role = "user", parts = new[] { new { text = "ping" } } } },
        });

    protected override HttpRequestMessage ListRequest(ProviderTarget target, string? pageToken)
    {
        var request = target.Request(HttpMethod.Get, pageToken is null
            ? "v1beta1/publishers/google/models?pageSize=100"
            : $"v1beta1/publishers/google/models?pageSize=100&pageToken={Uri.EscapeDataString(pageToken)}");
        request.Headers.TryAddWithoutValidation("x-goog-user-project", ((VertexTarget)target).Project);
        return request;
    }

    protected override bool IsExpectedSuccess(ProviderResponse response) => response.Json is { ValueKind: JsonValueKind.Object } && response.Find("error") is null;

    protected override IEnumerable<string> ParseModels(ProviderResponse response) =>
        response.Find("publisherModels") is { ValueKind: JsonValueKind.Array } models
            ? models.EnumerateArray()
                .Select(m => m.ValueKind == JsonValueKind.Object && m.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null)
                .OfType<string>()
                .Select(n => n[(n.LastIndexOf('/') + 1)..])
            : [];

    protected override string? NextPage(ProviderResponse response) => response.String("nextPageToken") is { Length: > 0 } token ? token : null;

    protected override HttpRequestMessage ProbeRequest(ProviderTarget target, string modelId) =>
        target.Request(HttpMethod.Post, $"{ModelPath(target, modelId)}:generateContent", GoogleFormat.ProbeBody(role: "user"));

    protected override string? ParseReply(ProviderResponse response) => GoogleFormat.Reply(response);

    protected override VerificationResult ClassifyError(ProviderResponse response, VerificationRequest credential)
    {
        var message = response.String("error", "message");
        var status = response.String("error", "status");
        var detail = message is null ? null : $"{status}: {message}";
        if (response.Code == 403 && GoogleFormat.HasReason(response, "SERVICE_DISABLED"))
        {
            var project = GoogleFormat.Metadata(response, "consumer")?.Replace("projects/", "", StringComparison.Ordinal) ?? "the key's project";
            return new(VerificationOutcome.PermissionDenied,
                $"The Vertex AI API is not enabled in project {project}. Enable the Vertex AI API in project {project} (APIs & Services), wait a minute, then Re-verify.",
                Detail(response, detail));
        }

        var outcome = (response.Code, status) switch
        {
            (401, _) => VerificationOutcome.InvalidKey,
            (400, "FAILED_PRECONDITION") => VerificationOutcome.PermissionDenied,
            (403, _) => VerificationOutcome.PermissionDenied,
            (429, _) => VerificationOutcome.RateLimited,
            _ => ByStatus(response) ?? VerificationOutcome.ProviderError,
        };
        return outcome == VerificationOutcome.PermissionDenied && response.Code == 403
            ? new(outcome, "Google refused access: the service account lacks the Vertex AI User role in that project, or the project does not exist. Check the Project field and the account's roles.", Detail(response, detail))
            : Failed(outcome, response, credential, detail);
    }

    private static string ModelPath(ProviderTarget target, string modelId) => target.ModelsPath + Segment(modelId);

    private static VerificationResult TokenRefused(TokenResponseException e, string name) => e.Error?.Error switch
    {
        "invalid_grant" => new(VerificationOutcome.InvalidKey,
            "Google refused the service-account key: it was deleted or rotated, or this server's clock is off by more than a few minutes. Create a new key, or fix the clock, then Re-verify.",
            $"Token endpoint: {e.Error.Error}: {e.Error.ErrorDescription}"),
        "invalid_client" or "unauthorized_client" => new(VerificationOutcome.InvalidKey,
            "Google does not accept this service account. Check that it still exists and is enabled.",
            $"Token endpoint: {e.Error!.Error}: {e.Error.ErrorDescription}"),
        _ => VerificationResult.Failed(VerificationOutcome.ProviderError, name, $"Token endpoint (HTTP {(int?)e.StatusCode}): {e.Error?.Error}: {e.Error?.ErrorDescription}"),
    };

    /// <summary>Routes Google.Apis.Auth's token calls through the same guarded, redirect-free handler as every provider call.</summary>
    private sealed class GuardedGoogleHttpClientFactory(OutboundHandlerFactory handlers, string providerId) : HttpClientFactory
    {
        protected override HttpMessageHandler CreateHandler(CreateHttpClientArgs args)
        {
            args.Initializers.Add(new NoRedirects());
            // The token call is Vertex AI's: only its own configured URLs are trusted for it.
            return handlers.Create(providerId: providerId);
        }
    }

    /// <summary>Google's message handler follows redirects itself, above the socket handler: turn that off too.</summary>
    private sealed class NoRedirects : IConfigurableHttpClientInitializer
    {
        public void Initialize(ConfigurableHttpClient httpClient) => httpClient.MessageHandler.FollowRedirect = false;
    }
}
