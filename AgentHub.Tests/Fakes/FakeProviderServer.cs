using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentHub.Tests.Fakes;

/// <summary>
/// An in-process fake of one provider: a real Kestrel server on 127.0.0.1 over HTTPS with the
/// test certificate. It checks authentication exactly as its provider does and answers with
/// whatever <see cref="Answer"/> says, in the provider's own format. The answers that no provider
/// formats itself (a login page, silence, a redirect, a huge body) are handled here, in front of
/// authentication, as a proxy in between would.
/// </summary>
public abstract class FakeProviderServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private WebApplication? _app;
    private int _connections;

    /// <summary>The key the fake accepts. Tests change it to turn a wrong key into a right one.</summary>
    public string ValidKey { get; set; } = "fake-valid-key-00000001";

    /// <summary>What the next requests get.</summary>
    public FakeAnswer Answer { get; set; } = FakeAnswer.Success;

    /// <summary>How long a <see cref="FakeAnswer.Slow"/> answer waits (the client gives up first).</summary>
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Where set, a chat answer sends its first part (a streamed one its first chunk, a whole one the first half of
    /// its body) and the rest only once this completes; a faulted task breaks the answer off there.
    /// </summary>
    public Task? RestOfAnswer { get; set; }

    /// <summary>Where set, a streamed chat answer's second event is not JSON (a provider that garbles its stream).</summary>
    public bool GarbledStream { get; set; }

    /// <summary>The model IDs the fake lists.</summary>
    public List<string> Models { get; } = [];

    /// <summary>The server's root, e.g. <c>https://127.0.0.1:41234/</c>.</summary>
    public Uri Root { get; private set; } = null!;

    /// <summary>The API base a client is configured with (the root plus the provider's version path).</summary>
    public Uri BaseUrl => new(Root, BasePath);

    public IReadOnlyCollection<RecordedRequest> Requests => _requests;

    public int Calls => _requests.Count;

    /// <summary>How many TCP connections the fake accepted since it started or was last <see cref="Reset"/>.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The provider's API path under the host, e.g. <c>v1/</c>.</summary>
    protected abstract string BasePath { get; }

    /// <summary>Maps the provider's routes; each handler starts with <see cref="Gate"/>.</summary>
    protected abstract void MapRoutes(WebApplication app);

    /// <summary>Whether the request carries <see cref="ValidKey"/> where the provider expects it.</summary>
    protected abstract bool IsAuthorized(HttpRequest request);

    /// <summary>The provider's own answer for an error (invalid key, quota, …).</summary>
    protected abstract IResult Error(FakeAnswer answer, HttpRequest request);

    public async Task<FakeProviderServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen =>
        {
            // Counted before TLS: each new connection is one handshake the client paid for.
            listen.Use(next => connection =>
            {
                Interlocked.Increment(ref _connections);
                return next(connection);
            });
            listen.UseHttps(TestCertificates.Server);
        }));
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            await RecordAsync(context.Request);
            if (!await AnswerInFrontAsync(context))
            {
                await next(context);
            }
        });
        MapRoutes(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Root = new Uri(address.EndsWith('/') ? address : address + "/");
        _app = app;
        return this;
    }

    /// <summary>Clears recorded requests and returns to the success answer with the default key.</summary>
    public void Reset()
    {
        _requests.Clear();
        Interlocked.Exchange(ref _connections, 0);
        Answer = FakeAnswer.Success;
        ValidKey = "fake-valid-key-00000001";
        RestOfAnswer = null;
        GarbledStream = false;
    }

    /// <summary>
    /// The first step of every route: the provider's error when the request does not authenticate
    /// or an error answer is set, null when the route should answer with success.
    /// </summary>
    protected IResult? Gate(HttpRequest request)
    {
        if (Answer == FakeAnswer.InvalidKey || !IsAuthorized(request))
        {
            return Error(FakeAnswer.InvalidKey, request);
        }

        return Answer == FakeAnswer.Success ? null : Error(Answer, request);
    }

    /// <summary>A JSON answer with a status code.</summary>
    protected static IResult Json(int status, object body) => Results.Json(body, statusCode: status);

    /// <summary>The bearer token of a request, or null.</summary>
    protected static string? Bearer(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } value && value.StartsWith("Bearer ", StringComparison.Ordinal) ? value["Bearer ".Length..] : null;

    /// <summary>The JSON body of the request (already read by the recorder), or null.</summary>
    protected JsonElement? BodyOf(HttpRequest request) =>
        request.HttpContext.Items["body"] is string { Length: > 0 } body ? JsonDocument.Parse(body).RootElement.Clone() : null;

    private async Task RecordAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
        var body = await reader.ReadToEndAsync();
        request.Body.Position = 0;
        request.HttpContext.Items["body"] = body;
        _requests.Enqueue(new RecordedRequest(
            request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "",
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body)
        {
            Protocol = request.Protocol,
        });
    }

    private async Task<bool> AnswerInFrontAsync(HttpContext context)
    {
        var response = context.Response;
        switch (Answer)
        {
            case FakeAnswer.Html:
                response.ContentType = "text/html";
                await response.WriteAsync("<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>Corporate proxy sign-in</form></body></html>");
                return true;
            case FakeAnswer.Slow:
                try
                {
                    await Task.Delay(SlowDelay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up, as it should.
                }

                return true;
            case FakeAnswer.Redirect:
                response.StatusCode = StatusCodes.Status302Found;
                response.Headers.Location = "https://169.254.169.254/latest/meta-data/iam/security-credentials/";
                return true;
            case FakeAnswer.Oversized:
                response.ContentType = "application/json";
                await response.WriteAsync("{\"data\":[");
                var chunk = string.Concat(Enumerable.Repeat("{\"id\":\"padding-model-name-to-make-the-body-large\"},", 1000));
                try
                {
                    for (var written = 0; written < 2 * 1024 * 1024; written += chunk.Length)
                    {
                        await response.WriteAsync(chunk, context.RequestAborted);
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or IOException)
                {
                    // The client stopped reading at its cap and hung up, as it should.
                }

                return true;
            default:
                return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
