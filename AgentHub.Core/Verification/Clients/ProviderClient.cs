using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using AgentHub.Core.Credentials;
using AgentHub.Core.Providers;
using AgentHub.Core.Security;
using AgentHub.Core.Verification.Http;
using Polly.Timeout;

namespace AgentHub.Core.Verification.Clients;

/// <summary>
/// Where and how one credential's calls go: the API base, the headers that authenticate them and
/// the client that carries them (the shared typed client, or one trusting a credential's own CA).
/// </summary>
/// <param name="BaseUrl">The API base, ending with <c>/</c>.</param>
/// <param name="Headers">Headers sent on every call (authentication, API version, extra headers).</param>
/// <param name="Http">The client to send with.</param>
/// <param name="OwnsClient">True when <paramref name="Http"/> was made for this credential alone and is disposed with the target.</param>
public sealed record ProviderTarget(Uri BaseUrl, IReadOnlyList<KeyValuePair<string, string>> Headers, HttpClient Http, bool OwnsClient = false) : IDisposable
{
    /// <summary>The resource a provider's paths are relative to, where it has one (Vertex AI's project and location).</summary>
    public string? Project { get; init; }

    public string? Location { get; init; }

    /// <summary>Values that authenticate the calls without being the credential's own (Vertex AI's access token): masked in answers too.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    public void Dispose()
    {
        if (OwnsClient)
        {
            Http.Dispose();
        }
    }

    /// <summary>A request to a path relative to <see cref="BaseUrl"/> (no leading slash), with the target's headers.</summary>
    public HttpRequestMessage Request(HttpMethod method, string relativePath, object? jsonBody = null)
    {
        var message = new HttpRequestMessage(method, new Uri(BaseUrl, relativePath));
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (jsonBody is not null)
        {
            message.Content = new StringContent(JsonSerializer.Serialize(jsonBody), Encoding.UTF8, "application/json");
        }

        return message;
    }

    // Headers hold keys: keep them out of anything that prints this record.
    public override string ToString() => $"ProviderTarget {{ BaseUrl = {BaseUrl} }}";
}

/// <summary>
/// The shared flow of every provider client: prepare the target, send, read at most 1 MiB, turn
/// transport failures, redirects and oversized answers into result classes, and let the provider
/// subclass read its own success and error formats. Every result leaves with secrets redacted.
/// </summary>
public abstract class ProviderClient(HttpClient http, ProviderCatalog catalog) : IProviderClient
{
    private const int MaxPages = 20;

    public abstract string ProviderId { get; }

    protected HttpClient Http => http;

    protected ProviderCatalog Catalog => catalog;

    /// <inheritdoc />
    public virtual async Task<VerificationResult> VerifyAsync(VerificationRequest credential, CancellationToken cancellationToken)
    {
        var (target, failure) = await PrepareCheckedAsync(credential, cancellationToken);
        if (failure is not null)
        {
            return Redact(failure, credential);
        }

        using (target)
        {
            var (response, sendFailure) = await SendAsync(target!, () => VerifyRequest(target!), credential, cancellationToken);
            return Redact(sendFailure ?? ClassifyVerification(response!, credential), credential);
        }
    }

    /// <inheritdoc />
    public virtual async Task<ModelListResult> ListModelsAsync(VerificationRequest credential, CancellationToken cancellationToken)
    {
        var (target, failure) = await PrepareCheckedAsync(credential, cancellationToken);
        if (failure is not null)
        {
            return new(Redact(failure, credential), []);
        }

        using var owned = target;
        var models = new List<string>();
        string? page = null;
        for (var i = 0; i < MaxPages; i++)
        {
            var current = page;
            var (response, sendFailure) = await SendAsync(target!, () => ListRequest(target!, current), credential, cancellationToken);
            var problem = sendFailure ?? Safely(response!, credential, () =>
                Common(response!, credential) ?? (response!.IsSuccess ? null : ClassifyError(response, credential)));
            if (problem is not null)
            {
                return new(Redact(problem, credential), models);
            }

            try
            {
                models.AddRange(ParseModels(response!).ToList());
            }
            catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException)
            {
                return new(Redact(UnexpectedSuccess(response!, credential), credential), models);
            }

            page = NextPage(response!);
            if (page is null)
            {
                break;
            }
        }

        return new(VerificationResult.Verified(credential.Schema.DisplayName), models.Distinct().Order(StringComparer.Ordinal).ToList());
    }

    /// <inheritdoc />
    public virtual async Task<ProbeResult> ProbeAsync(VerificationRequest credential, string modelId, CancellationToken cancellationToken)
    {
        var (target, failure) = await PrepareCheckedAsync(credential, cancellationToken);
        if (failure is not null)
        {
            return new(Redact(failure, credential), null, TimeSpan.Zero);
        }

        using var owned = target;
        var watch = Stopwatch.StartNew();
        var (response, sendFailure) = await SendAsync(target!, () => ProbeRequest(target!, modelId), credential, cancellationToken);
        if (sendFailure is null && RetryProbe(response!) is { } retry)
        {
            (response, sendFailure) = await SendAsync(target!, () => retry(target!, modelId), credential, cancellationToken);
        }

        watch.Stop();
        if (sendFailure is not null)
        {
            return new(Redact(sendFailure, credential), null, watch.Elapsed);
        }

        var problem = Safely(response!, credential, () => Common(response!, credential)
            ?? (!response!.IsSuccess ? ClassifyError(response, credential)
                : response.Json is null ? UnexpectedSuccess(response, credential)
                : null));
        return problem is not null
            ? new(Redact(problem, credential), null, watch.Elapsed)
            // The reply is read from JSON after the body was masked: an escaped echo of a secret is masked here.
            : new(VerificationResult.Verified(credential.Schema.DisplayName), Redactor.Redact(ParseReply(response!) ?? "", credential.Secrets.Concat(target!.Secrets)), watch.Elapsed);
    }

    /// <summary>
    /// Refuses values that would become a header or a host name (Organization ID, Project,
    /// Location, Region) and break their field's rule, then builds the target. The form refuses
    /// them too; this holds for values that reached the store another way.
    /// </summary>
    private Task<(ProviderTarget? Target, VerificationResult? Failure)> PrepareCheckedAsync(VerificationRequest credential, CancellationToken cancellationToken)
    {
        foreach (var field in credential.Schema.Fields.Where(f => f.Format is not null || f.Options.Count > 0))
        {
            if (ProviderFieldRules.Check(field, credential.Value(field.Key), keepsStoredSecret: false).FirstOrDefault() is { } problem)
            {
                return Task.FromResult<(ProviderTarget?, VerificationResult?)>((null, new(VerificationOutcome.InvalidKey,
                    $"{problem} Edit the credential to correct it.", $"Refused {field.Label} before calling")));
            }
        }

        return PrepareAsync(credential, cancellationToken);
    }

    /// <summary>Builds the target for a credential; the default is the catalog's base with <see cref="AuthHeaders"/>.</summary>
    protected virtual Task<(ProviderTarget? Target, VerificationResult? Failure)> PrepareAsync(VerificationRequest credential, CancellationToken cancellationToken)
    {
        var baseUrl = catalog.BaseUrlFor(credential.Schema, credential.Values)
            ?? throw new InvalidOperationException($"{credential.Schema.Id} has no API base.");
        return Task.FromResult<(ProviderTarget?, VerificationResult?)>((new ProviderTarget(baseUrl, AuthHeaders(credential), http), null));
    }

    /// <summary>The headers that authenticate a call with this credential.</summary>
    protected virtual IReadOnlyList<KeyValuePair<string, string>> AuthHeaders(VerificationRequest credential) =>
        [new("Authorization", "Bearer " + credential.Value(FieldKeys.ApiKey))];

    /// <summary>The verification call; by default the first page of the model list.</summary>
    protected virtual HttpRequestMessage VerifyRequest(ProviderTarget target) => ListRequest(target, null);

    /// <summary>One page of the model list.</summary>
    protected abstract HttpRequestMessage ListRequest(ProviderTarget target, string? pageToken);

    /// <summary>Whether a 2xx verification answer has the shape this provider answers with.</summary>
    protected abstract bool IsExpectedSuccess(ProviderResponse response);

    /// <summary>The model IDs on one page of the list.</summary>
    protected abstract IEnumerable<string> ParseModels(ProviderResponse response);

    /// <summary>The token of the next page, or null on the last page.</summary>
    protected virtual string? NextPage(ProviderResponse response) => null;

    /// <summary>The one-token chat call.</summary>
    protected abstract HttpRequestMessage ProbeRequest(ProviderTarget target, string modelId);

    /// <summary>A second form of the probe when the first was refused for its format (OpenAI's max_tokens), or null.</summary>
    protected virtual Func<ProviderTarget, string, HttpRequestMessage>? RetryProbe(ProviderResponse response) => null;

    /// <summary>The model's text in a probe answer.</summary>
    protected abstract string? ParseReply(ProviderResponse response);

    /// <summary>The class of a non-2xx answer, by this provider's error format.</summary>
    protected abstract VerificationResult ClassifyError(ProviderResponse response, VerificationRequest credential);

    /// <summary>Reads a verification answer: common cases, then success shape, then the provider's errors.</summary>
    protected VerificationResult ClassifyVerification(ProviderResponse response, VerificationRequest credential) => Safely(response, credential, VerificationResult? () =>
        Common(response, credential)
        ?? (response.IsSuccess
            ? IsExpectedSuccess(response)
                ? VerificationResult.Verified(credential.Schema.DisplayName)
                : UnexpectedSuccess(response, credential)
            : ClassifyError(response, credential)))!;

    /// <summary>
    /// Verifies with the list call and, when <paramref name="needsChat"/> says the list cannot
    /// decide (no list served, a list that fails with good keys), with one chat call whose answer
    /// proves the key if it is anything but an authentication or quota refusal.
    /// </summary>
    protected async Task<VerificationResult> VerifyWithChatFallbackAsync(
        VerificationRequest credential, Func<ProviderResponse, bool> needsChat, string chatModel, CancellationToken cancellationToken)
    {
        var (prepared, failure) = await PrepareCheckedAsync(credential, cancellationToken);
        if (failure is not null)
        {
            return Redact(failure, credential);
        }

        using var target = prepared!;
        var (response, sendFailure) = await SendAsync(target, () => ListRequest(target, null), credential, cancellationToken);
        if (sendFailure is not null)
        {
            return Redact(sendFailure, credential);
        }

        if (!needsChat(response!))
        {
            return Redact(ClassifyVerification(response!, credential), credential);
        }

        var (chat, chatFailure) = await SendAsync(target, () => ProbeRequest(target, chatModel), credential, cancellationToken);
        return Redact(chatFailure ?? Safely(chat!, credential, () => ClassifyKeyProbe(chat!, credential))!, credential);
    }

    /// <summary>
    /// Reads a chat call made only to learn whether the key is accepted: choices, or an OpenAI
    /// error object about the request itself (an unknown model), prove it; 401/403/402/412/429/5xx
    /// are the provider's refusal; anything else is not the format.
    /// </summary>
    private VerificationResult ClassifyKeyProbe(ProviderResponse response, VerificationRequest credential)
    {
        if (Common(response, credential) is { } common)
        {
            return common;
        }

        if (response.Code is 401 or 402 or 403 or 412 or 429 || response.Code >= 500)
        {
            return ClassifyError(response, credential);
        }

        if (response.IsSuccess ? response.HasArray("choices") : IsOpenAiError(response))
        {
            return VerificationResult.Verified(credential.Schema.DisplayName);
        }

        return response.Code == 404 ? Failed(VerificationOutcome.EndpointNotFound, response, credential) : UnexpectedSuccess(response, credential);
    }

    /// <summary><c>{"error":{"message":…}}</c>, or vLLM's top-level <c>{"object":"error","message":…}</c>.</summary>
    private static bool IsOpenAiError(ProviderResponse response) =>
        response.String("error", "message") is not null || (response.String("object") == "error" && response.String("message") is not null);

    /// <summary>An answer whose JSON has unexpected types is an unexpected answer, not a crash.</summary>
    protected VerificationResult? Safely(ProviderResponse response, VerificationRequest credential, Func<VerificationResult?> classify)
    {
        try
        {
            return classify();
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException or JsonException)
        {
            return UnexpectedSuccess(response, credential);
        }
    }

    /// <summary>A 2xx answer that is not what this provider sends (a proxy's page, another API).</summary>
    protected virtual VerificationResult UnexpectedSuccess(ProviderResponse response, VerificationRequest credential) =>
        new(VerificationOutcome.ProviderError,
            $"The address answered, but not like {credential.Schema.DisplayName}'s API. Check that nothing (a proxy or a login page) sits in between.",
            Detail(response));

    /// <summary>Redirects and oversized answers, the same for every provider; null otherwise.</summary>
    protected static VerificationResult? Common(ProviderResponse response, VerificationRequest credential)
    {
        if (response.IsRedirect)
        {
            var location = response.Headers.Location?.ToString() ?? "(no Location header)";
            return new(VerificationOutcome.EndpointNotFound,
                "The address answered with a redirect, which Agent Hub does not follow. Use the address it redirects to.",
                $"HTTP {response.Code} redirect to {location}");
        }

        return response.Truncated
            ? new(VerificationOutcome.ProviderError,
                $"The answer was larger than 1 MiB, which is not a normal {credential.Schema.DisplayName} answer. Check the address.",
                $"HTTP {response.Code}, body over {ProviderResponse.MaxBodyBytes} bytes (not read further)")
            : null;
    }

    /// <summary>The standard result of a class for this provider, with the answer as detail.</summary>
    protected static VerificationResult Failed(VerificationOutcome outcome, ProviderResponse response, VerificationRequest credential, string? message = null) =>
        VerificationResult.Failed(outcome, credential.Schema.DisplayName, Detail(response, message));

    /// <summary>"HTTP 401: message" for the details panel, from the provider's message or the start of the body.</summary>
    protected static string Detail(ProviderResponse response, string? providerMessage = null) =>
        $"HTTP {response.Code}: {providerMessage ?? response.Excerpt()}";

    /// <summary>Status-code rules shared by the OpenAI-style providers; null when the status says nothing specific.</summary>
    protected static VerificationOutcome? ByStatus(ProviderResponse response) => response.Code switch
    {
        401 => VerificationOutcome.InvalidKey,
        402 => VerificationOutcome.QuotaExhausted,
        403 => VerificationOutcome.PermissionDenied,
        404 or 405 => VerificationOutcome.EndpointNotFound,
        408 => VerificationOutcome.Timeout,
        429 => VerificationOutcome.RateLimited,
        >= 500 => VerificationOutcome.ProviderError,
        _ => null,
    };

    /// <summary>
    /// Marks a request as <paramref name="providerId"/>'s (the outbound guard trusts an
    /// operator-configured URL only for its own provider's calls) and refuses what must never be
    /// sent: a header value with a control character, a URL that is not https. Verification and
    /// the gateway both send through it.
    /// </summary>
    public static VerificationResult? ReadyToSend(HttpRequestMessage request, string providerId)
    {
        request.Options.Set(OutboundGuard.ProviderOption, providerId);
        if (UnsendableHeader(request) is { } header)
        {
            return new VerificationResult(VerificationOutcome.InvalidKey,
                $"A value Agent Hub would send in the {header} header contains a line break or another control character, so the call was not made. Edit the credential and paste the value alone.",
                $"Refused header {header}");
        }

        return request.RequestUri is { Scheme: not "https" }
            ? new VerificationResult(VerificationOutcome.BlockedAddress,
                "Agent Hub only calls https:// addresses. Change the URL to https://.", $"Refused {request.RequestUri.Scheme}:// URL")
            : null;
    }

    /// <summary>Sends a request and reads the answer, or classifies why there is none.</summary>
    protected static async Task<(ProviderResponse? Response, VerificationResult? Failure)> SendAsync(
        ProviderTarget target, Func<HttpRequestMessage> build, VerificationRequest credential, CancellationToken cancellationToken)
    {
        try
        {
            using var request = build();
            if (ReadyToSend(request, credential.Schema.Id) is { } refused)
            {
                return (null, refused);
            }

            using var response = await target.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return (await ProviderResponse.ReadAsync(response, credential.Secrets.Concat(target.Secrets), cancellationToken), null);
        }
        catch (Exception e) when (Transport(e, credential, cancellationToken) is { } failure)
        {
            return (null, failure);
        }
    }

    /// <summary>The name of a header whose value holds a control character (CR/LF would inject headers), or null.</summary>
    private static string? UnsendableHeader(HttpRequestMessage request)
    {
        var headers = request.Headers.NonValidated.AsEnumerable();
        if (request.Content is not null)
        {
            headers = headers.Concat(request.Content.Headers.NonValidated);
        }

        foreach (var (name, values) in headers)
        {
            if (values.Any(v => v.Any(c => char.IsControl(c) && c != '\t')))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>Turns a network exception into a result class; null for the caller's own cancellation and for bugs.</summary>
    protected static VerificationResult? Transport(Exception e, VerificationRequest credential, CancellationToken cancellationToken)
    {
        var name = credential.Schema.DisplayName;
        if (cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        if (Find<BlockedAddressException>(e) is { } blocked)
        {
            return VerificationResult.Failed(VerificationOutcome.BlockedAddress, name, $"{blocked.Host} resolves to a private or reserved address");
        }

        if (e is OperationCanceledException or TimeoutRejectedException || Find<TimeoutException>(e) is not null)
        {
            return VerificationResult.Failed(VerificationOutcome.Timeout, name, "No answer in time");
        }

        if (Find<AuthenticationException>(e) is { } tls)
        {
            // .NET names the chain's problems in the message; an expired certificate needs its owner, not a CA.
            return tls.Message.Contains(nameof(System.Security.Cryptography.X509Certificates.X509ChainStatusFlags.NotTimeValid), StringComparison.Ordinal)
                ? new VerificationResult(VerificationOutcome.TlsError, VerificationMessages.CertificateExpired(name), tls.Message)
                : VerificationResult.Failed(VerificationOutcome.TlsError, name, tls.Message);
        }

        if (ConnectionLost(e))
        {
            return new VerificationResult(VerificationOutcome.Unreachable, VerificationMessages.ConnectionLost(name), $"Connection closed: {e.Message}");
        }

        if (Find<SocketException>(e) is { } socket)
        {
            return VerificationResult.Failed(VerificationOutcome.Unreachable, name, $"{socket.SocketErrorCode}: {socket.Message}");
        }

        if (e is HttpRequestException http)
        {
            return VerificationResult.Failed(VerificationOutcome.Unreachable, name, $"{http.HttpRequestError}: {http.Message}");
        }

        return null;
    }

    /// <summary>
    /// The server took the request and then closed or reset the connection before its answer was
    /// complete (a proxy that drops, a crashed backend): the status line or the body ended early.
    /// </summary>
    private static bool ConnectionLost(Exception e) =>
        e is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded }
        || Find<HttpIOException>(e) is not null
        || (e is IOException && Find<SocketException>(e) is null or { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown })
        || (e is HttpRequestException { HttpRequestError: HttpRequestError.Unknown } && Find<SocketException>(e) is { SocketErrorCode: SocketError.ConnectionReset });

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }
        }

        return null;
    }

    /// <summary>Masks every secret of the credential in the result's message and detail.</summary>
    protected static VerificationResult Redact(VerificationResult result, VerificationRequest credential)
    {
        var secrets = credential.Secrets.ToList();
        return result with
        {
            Message = Redactor.Redact(result.Message, secrets),
            Detail = result.Detail is null ? null : Redactor.Redact(result.Detail, secrets),
        };
    }

    /// <summary>The target (API base, auth headers, client) for a gateway call with this credential, or why there is none.</summary>
    public async Task<(ProviderTarget? Target, VerificationResult? Failure)> OpenTargetAsync(VerificationRequest credential, CancellationToken cancellationToken)
    {
        var (target, failure) = await PrepareForGatewayAsync(credential, cancellationToken);
        return (target, failure is null ? null : Redact(failure, credential));
    }

    /// <summary>
    /// The target for a gateway call. A provider whose authentication costs a call of its own
    /// (Vertex AI's token exchange) may reuse what an earlier call obtained; verification never does,
    /// since it must prove the stored values each time.
    /// </summary>
    protected virtual Task<(ProviderTarget? Target, VerificationResult? Failure)> PrepareForGatewayAsync(
        VerificationRequest credential, CancellationToken cancellationToken) => PrepareAsync(credential, cancellationToken);

    /// <summary>Reads a provider's non-2xx answer to a gateway call (capped, secrets masked) and classifies it by this provider's rules.</summary>
    public async Task<VerificationResult> ClassifyFailureAsync(
        HttpResponseMessage response, VerificationRequest credential, ProviderTarget target, CancellationToken cancellationToken)
    {
        var answer = await ProviderResponse.ReadAsync(response, credential.Secrets.Concat(target.Secrets), cancellationToken);
        return Redact(Safely(answer, credential, () => Common(answer, credential) ?? ClassifyError(answer, credential))!, credential);
    }

    /// <summary>The class of a network failure of a gateway call, secrets masked; null for the caller's own cancellation and for bugs.</summary>
    public static VerificationResult? ClassifyTransport(Exception e, VerificationRequest credential, CancellationToken cancellationToken) =>
        Transport(e, credential, cancellationToken) is { } failure ? Redact(failure, credential) : null;

    /// <summary>Escapes a model ID for a URL path segment (Bedrock IDs contain ':', Fireworks IDs '/').</summary>
    protected static string Segment(string value) => Uri.EscapeDataString(value);
}
