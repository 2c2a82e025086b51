using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AgentHub.Tests.Fakes;

/// <summary>How a <see cref="FaultyEndpoint"/> misbehaves.</summary>
public enum Fault
{
    /// <summary>Accepts the TCP connection and never starts TLS.</summary>
    HangBeforeTls,

    /// <summary>Completes TLS, reads the request and never answers.</summary>
    HangAfterTls,

    /// <summary>Sends the headers, then one byte of body every second.</summary>
    SlowBody,

    /// <summary>Sends a 50 MB body as fast as the client reads it.</summary>
    HugeBody,

    /// <summary>Sends the headers and part of the body it announced, then closes the connection.</summary>
    ClosesMidResponse,

    /// <summary>Answers a normal OpenAI-style model list over a certificate that expired yesterday.</summary>
    ExpiredCertificate,

    /// <summary>Answers a normal model list over a self-signed certificate nobody trusts.</summary>
    SelfSignedCertificate,
}

/// <summary>
/// A raw TLS server on 127.0.0.1 for failures no well-behaved HTTP server produces: silence
/// before or after the handshake, trickling or endless bodies, a connection cut mid-answer and
/// bad certificates. It speaks just enough HTTP/1.1 for one request per connection.
/// </summary>
public sealed class FaultyEndpoint : IAsyncDisposable
{
    /// <summary>The size of the <see cref="Fault.HugeBody"/> answer.</summary>
    public const long HugeBodyBytes = 50L * 1024 * 1024;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly X509Certificate2 _certificate;
    private readonly Fault _fault;
    private readonly Task _accepting;
    private int _connections;

    public FaultyEndpoint(Fault fault)
    {
        _fault = fault;
        _certificate = fault switch
        {
            Fault.ExpiredCertificate => CreateCertificate(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1)),
            Fault.SelfSignedCertificate => CreateCertificate(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2)),
            _ => TestCertificates.Server,
        };
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The base URL a Custom credential points at, e.g. <c>https://127.0.0.1:41234/v1/</c>.</summary>
    public Uri BaseUrl => new($"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1/");

    /// <summary>The certificate served, as PEM (to offer it as a credential's CA).</summary>
    public string CertificatePem => _certificate.ExportCertificatePem();

    /// <summary>How many connections were accepted.</summary>
    public int Connections => _connections;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var owned = client;
        var token = _stop.Token;
        try
        {
            if (_fault == Fault.HangBeforeTls)
            {
                await Task.Delay(Timeout.Infinite, token);
                return;
            }

            await using var tls = new SslStream(client.GetStream());
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, token);
            await ReadRequestHeadAsync(tls, token);
            switch (_fault)
            {
                case Fault.HangAfterTls:
                    await Task.Delay(Timeout.Infinite, token);
                    break;
                case Fault.SlowBody:
                    await WriteAsync(tls, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n", token);
                    for (var i = 0; i < 100_000; i++)
                    {
                        await WriteAsync(tls, " ", token);
                        await Task.Delay(1000, token);
                    }

                    break;
                case Fault.HugeBody:
                    await WriteAsync(tls, $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {HugeBodyBytes}\r\n\r\n", token);
                    var chunk = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
                    for (long sent = 0; sent < HugeBodyBytes; sent += chunk.Length)
                    {
                        await tls.WriteAsync(chunk, token);
                    }

                    break;
                case Fault.ClosesMidResponse:
                    await WriteAsync(tls, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"object\":\"list\",\"data\":[{\"id\":\"cut", token);
                    await tls.FlushAsync(token);
                    client.Client.Shutdown(SocketShutdown.Both);
                    break;
                default:
                    const string list = "{\"object\":\"list\",\"data\":[{\"id\":\"llama-3.1-8b\",\"object\":\"model\"}]}";
                    await WriteAsync(tls, $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {list.Length}\r\nConnection: close\r\n\r\n{list}", token);
                    break;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or System.Security.Authentication.AuthenticationException or SocketException or ObjectDisposedException)
        {
            // The client gave up or refused the certificate, as it should.
        }
    }

    private static async Task ReadRequestHeadAsync(Stream stream, CancellationToken token)
    {
        var seen = new StringBuilder();
        var buffer = new byte[4096];
        while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer, token);
            if (n == 0)
            {
                return;
            }

            seen.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
    }

    private static Task WriteAsync(Stream stream, string text, CancellationToken token) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(text), token).AsTask();

    private static X509Certificate2 CreateCertificate(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Agent Hub faulty endpoint", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(notBefore, notAfter);
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }
}
