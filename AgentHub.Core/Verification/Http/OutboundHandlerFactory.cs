using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace AgentHub.Core.Verification.Http;

/// <summary>
/// Builds the handlers every provider call goes through: the outbound guard at connect time, no
/// redirects followed, and TLS trusted from the system store plus, for one credential only, its
/// own CA certificate (Custom) and any roots the host added (<see cref="OutboundTrust"/>).
/// </summary>
public sealed class OutboundHandlerFactory(OutboundGuard guard, OutboundTrust trust)
{
    /// <summary>A handler for provider calls; <paramref name="credentialRoots"/> are trusted for its calls only.</summary>
    public SocketsHttpHandler Create(X509Certificate2Collection? credentialRoots = null)
    {
        var roots = new X509Certificate2Collection();
        roots.AddRange(trust.AdditionalRoots);
        if (credentialRoots is not null)
        {
            roots.AddRange(credentialRoots);
        }

        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            UseCookies = false,
            // A proxy would be the only address the connect-time guard sees; provider calls go direct.
            UseProxy = false,
            ConnectCallback = guard.ConnectAsync,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(10),
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

    /// <summary>Accepts what the system trusts, or a chain that ends in one of <paramref name="roots"/> with a matching name.</summary>
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

        if (certificate is X509Certificate2 leaf)
        {
            return custom.Build(leaf);
        }

        using var loaded = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(loaded);
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
