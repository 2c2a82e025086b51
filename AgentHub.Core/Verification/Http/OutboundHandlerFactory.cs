using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace AgentHub.Core.Verification.Http;

/// <summary>
/// Builds the handlers every provider call goes through: the outbound guard at connect time, no
/// redirects followed, and TLS trusted from the system store plus, for one credential only, its
/// own CA certificate (Custom) and any roots the host added (<see cref="OutboundTrust"/>).
/// Each handler keeps two connection pools: one for calls the operator's configuration trusts
/// (<see cref="OutboundGuard.IsTrusted"/>, decided per request) and one for every other call, so
/// a connection opened for a trusted call is never reused by an untrusted one to the same host.
/// </summary>
public sealed class OutboundHandlerFactory(OutboundGuard guard, OutboundTrust trust)
{
    /// <summary>
    /// A handler for provider calls; <paramref name="credentialRoots"/> are trusted for its calls
    /// only. Calls say which provider they are for with <see cref="OutboundGuard.ProviderOption"/>;
    /// <paramref name="providerId"/> names it for calls that cannot (a library's own requests).
    /// </summary>
    public HttpMessageHandler Create(X509Certificate2Collection? credentialRoots = null, string? providerId = null)
    {
        var roots = new X509Certificate2Collection();
        roots.AddRange(trust.AdditionalRoots);
        if (credentialRoots is not null)
        {
            roots.AddRange(credentialRoots);
        }

        return new TrustRoutingHandler(guard, Sockets(guard.ConnectAsync, roots), Sockets(guard.ConnectTrustedAsync, roots), providerId);
    }

    private static SocketsHttpHandler Sockets(
        Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> connect, X509Certificate2Collection roots)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            UseCookies = false,
            // A proxy would be the only address the connect-time guard sees; provider calls go direct.
            UseProxy = false,
            ConnectCallback = connect,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            // Busy HTTP/2 providers: open another connection instead of queueing past the stream limit.
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            // No trace context (traceparent) on calls to providers: they learn nothing of Agent Hub's
            // own requests, and no diagnostics stage (an Activity, its tags) runs on every gateway call.
            ActivityHeadersPropagator = null,
        };
        if (roots.Count > 0)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Validate(certificate, chain, errors, roots),
            };
        }

        return handler;
    }

    /// <summary>
    /// Accepts what the system trusts, or a chain that ends in one of <paramref name="roots"/> with a
    /// matching name. A chain refused because a certificate in it is expired or not yet valid throws
    /// an <see cref="AuthenticationException"/> naming <see cref="X509ChainStatusFlags.NotTimeValid"/>,
    /// as the platform's own check words it, so the result says the certificate expired instead of
    /// asking for the CA the credential already carries.
    /// </summary>
    private static bool Validate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // A wrong host name or a missing certificate is never excused by an extra root.
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements.Skip(1))
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var loaded = certificate is X509Certificate2 ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (custom.Build(loaded ?? (X509Certificate2)certificate))
        {
            return true;
        }

        var problems = custom.ChainStatus.Select(s => s.Status).Aggregate(X509ChainStatusFlags.NoError, (all, flag) => all | flag);
        if (problems.HasFlag(X509ChainStatusFlags.NotTimeValid))
        {
            throw new AuthenticationException($"The remote certificate is invalid because of errors in the certificate chain: {problems}");
        }

        return false;
    }
}

/// <summary>
/// Roots trusted for provider calls besides the system store. Empty in the app (on Linux
/// <c>SSL_CERT_FILE</c> extends the system store); tests add the certificate of their fakes.
/// </summary>
public sealed class OutboundTrust
{
    public X509Certificate2Collection AdditionalRoots { get; } = [];
}

/// <summary>
/// Sends each call through the trusted pool when the operator's configuration trusts that call
/// (its provider and URL), else through the guarded pool.
/// </summary>
internal sealed class TrustRoutingHandler(OutboundGuard guard, SocketsHttpHandler guarded, SocketsHttpHandler trusted, string? providerId) : HttpMessageHandler
{
    private readonly HttpMessageInvoker _guarded = new(guarded, disposeHandler: true);
    private readonly HttpMessageInvoker _trusted = new(trusted, disposeHandler: true);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Pool(request).SendAsync(request, cancellationToken);

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Pool(request).Send(request, cancellationToken);

    private HttpMessageInvoker Pool(HttpRequestMessage request)
    {
        var provider = request.Options.TryGetValue(OutboundGuard.ProviderOption, out var id) ? id : providerId;
        return request.RequestUri is { } uri && guard.IsTrusted(provider, uri) ? _trusted : _guarded;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _guarded.Dispose();
            _trusted.Dispose();
        }

        base.Dispose(disposing);
    }
}
