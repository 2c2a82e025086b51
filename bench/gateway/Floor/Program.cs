// The .NET floor of the gateway benchmark: POST /v1/chat/completions is sent on to the fake as it came
// (its "stream" flag picks the fake's streamed or whole answer), the answer copied back as it arrives.
// Usage: UPSTREAM=https://127.0.0.1:<port> CA_PEM=<fake's certificate> dotnet GatewayFloor.dll --urls http://127.0.0.1:<port>
using System.Net;
using System.Security.Cryptography.X509Certificates;

var upstream = Environment.GetEnvironmentVariable("UPSTREAM") ?? throw new InvalidOperationException("Set UPSTREAM.");
var fakeCertificate = X509Certificate2.CreateFromPem(File.ReadAllText(Environment.GetEnvironmentVariable("CA_PEM") ?? throw new InvalidOperationException("Set CA_PEM.")));
var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10), EnableMultipleHttp2Connections = true };
handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
    certificate is not null && certificate.GetCertHashString() == fakeCertificate.Thumbprint;
// HTTP/2 where the fake offers it, as Agent Hub's provider calls.
var client = new HttpClient(handler) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower };

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapPost("/v1/chat/completions", async (HttpContext context) =>
{
    using var body = new MemoryStream();
    await context.Request.Body.CopyToAsync(body, context.RequestAborted);
    var bytes = body.ToArray();
    var stream = bytes.AsSpan().IndexOf("\"stream\":true"u8) >= 0;
    using var request = new HttpRequestMessage(HttpMethod.Post, $"{upstream}/{(stream ? "stream" : "json")}/v1/chat/completions")
    {
        Content = new ByteArrayContent(bytes),
    };
    request.Content.Headers.ContentType = new("application/json");
    request.Headers.TryAddWithoutValidation("Authorization", "Bearer sk-bench-gateway-0123456789abcdef");
    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
    context.Response.StatusCode = (int)response.StatusCode;
    context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
    await using var answer = await response.Content.ReadAsStreamAsync(context.RequestAborted);
    var buffer = new byte[16 * 1024];
    int read;
    while ((read = await answer.ReadAsync(buffer, context.RequestAborted)) > 0)
    {
        await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
        if (stream)
        {
            // Each event as it comes, as a gateway must for time to first token.
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }
});
app.Run();
