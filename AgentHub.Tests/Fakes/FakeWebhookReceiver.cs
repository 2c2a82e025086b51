using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentHub.Tests.Fakes;

/// <summary>
/// A team's webhook receiver: a real HTTPS server on 127.0.0.1 that takes JSON posts on <c>/hooks/alerts</c>,
/// records them and answers <see cref="Status"/>. It checks the signature the way a receiver should.
/// </summary>
public sealed class FakeWebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedRequest> _received = new();
    private WebApplication? _app;

    /// <summary>The status code every post gets.</summary>
    public int Status { get; set; } = 200;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Received => _received.ToList();

    public static async Task<FakeWebhookReceiver> StartAsync()
    {
        var receiver = new FakeWebhookReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(TestCertificates.Server)));
        var app = builder.Build();
        app.MapPost("/hooks/alerts", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            receiver._received.Enqueue(new RecordedRequest(
                request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "",
                request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
            return request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true
                ? Results.StatusCode(receiver.Status)
                : Results.StatusCode(415);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/hooks/alerts");
        receiver._app = app;
        return receiver;
    }

    /// <summary>Whether <paramref name="request"/> carries a valid <c>X-AgentHub-Signature</c> for <paramref name="secret"/> over its timestamp and raw body.</summary>
    public static bool SignatureHolds(RecordedRequest request, string secret)
    {
        if (!request.Headers.TryGetValue("X-AgentHub-Timestamp", out var timestamp) || !request.Headers.TryGetValue("X-AgentHub-Signature", out var signature))
        {
            return false;
        }

        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{request.Body}")));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
