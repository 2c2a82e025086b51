using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AgentHub.Bench.Seeder;

/// <summary>
/// An OpenAI-compatible endpoint that does no work: HTTPS on 127.0.0.1 with a certificate made
/// here, <c>GET /v1/models</c> answering a one-model list. Credentials are verified against it.
/// </summary>
public sealed class ZeroWorkProvider : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ZeroWorkProvider(WebApplication app, string baseUrl, string caPem)
    {
        _app = app;
        BaseUrl = baseUrl;
        CaPem = caPem;
    }

    /// <summary>The Custom provider's Base URL, up to and including /v1.</summary>
    public string BaseUrl { get; }

    /// <summary>The certificate to trust, in PEM (the Custom provider's CA certificate field).</summary>
    public string CaPem { get; }

    public static async Task<ZeroWorkProvider> StartAsync()
    {
        var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        app.MapGet("/v1/models", () => Results.Text("""{"object":"list","data":[{"id":"bench-model","object":"model","owned_by":"bench"}]}""", "application/json"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ZeroWorkProvider(app, address.TrimEnd('/') + "/v1", certificate.ExportCertificatePem());
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Agent Hub benchmark provider", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
