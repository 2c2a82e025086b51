using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AgentHub.Tests.Fakes;

/// <summary>
/// The certificate the fake providers serve: made by the test run, valid for 127.0.0.1, ::1 and
/// localhost, and trusted only by clients that add it as a root (never the system store).
/// </summary>
public static class TestCertificates
{
    private static readonly Lazy<X509Certificate2> LazyServer = new(Create);

    public static X509Certificate2 Server => LazyServer.Value;

    /// <summary>The public half, as a root to trust.</summary>
    public static X509Certificate2 Root { get; } = X509CertificateLoader.LoadCertificate(Server.RawData);

    private static X509Certificate2 Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Agent Hub test providers", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
