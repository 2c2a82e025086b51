using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Tests.Fakes;

/// <summary>
/// A self-hosted OpenAI-compatible server (vLLM-like): optional Bearer key, optional required
/// gateway header, and modes for servers without a model list or that are not OpenAI at all.
/// </summary>
public sealed class FakeCustom : FakeProviderServer
{
    /// <summary>When set, requests must carry this header with this value (a gateway's).</summary>
    public KeyValuePair<string, string>? RequiredHeader { get; set; }

    /// <summary>When false, no key is required (no Authorization header at all is expected).</summary>
    public bool RequireKey { get; set; } = true;

    /// <summary>Serve no <c>/v1/models</c> (404), only chat.</summary>
    public bool NoList { get; set; }

    /// <summary>Answer everything with 404 (the Base URL points at nothing).</summary>
    public bool NothingThere { get; set; }

    /// <summary>When set, a server error quotes this request header's value and nothing else.</summary>
    public string? EchoHeader { get; set; }

    protected override string BasePath => "v1/";

    protected override bool IsAuthorized(HttpRequest request) =>
        (RequireKey ? Bearer(request) == ValidKey : !request.Headers.ContainsKey("Authorization"))
        && (RequiredHeader is not { } header || request.Headers[header.Key] == header.Value);

    protected override void MapRoutes(WebApplication app)
    {
        app.MapGet("/v1/models", (HttpRequest request) =>
            NothingThere || NoList ? Results.Text("Not Found", statusCode: 404)
            : Gate(request) ?? Results.Json(new { @object = "list", data = Models.Select(id => new { id, @object = "model", owned_by = "vllm" }) }));
        app.MapPost("/v1/chat/completions", (HttpRequest request) =>
        {
            if (NothingThere)
            {
                return Results.Text("Not Found", statusCode: 404);
            }

            if (Gate(request) is { } refused)
            {
                return refused;
            }

            var body = BodyOf(request);
            var model = body?.GetProperty("model").GetString();
            if (string.IsNullOrEmpty(model) || !Models.Contains(model))
            {
                return Json(404, new { @object = "error", message = $"The model `{model}` does not exist.", type = "NotFoundError", code = 404, error = new { message = $"The model `{model}` does not exist.", type = "NotFoundError", code = "404" } });
            }

            return OpenAiChat.Problem(body) is { } problem ? OpenAiChat.BadRequest(problem) : OpenAiChat.Answer(body!.Value, model);
        });
    }

    protected override IResult Error(FakeAnswer answer, HttpRequest request) => answer switch
    {
        // vLLM's own shape, not OpenAI's envelope.
        FakeAnswer.InvalidKey => Json(401, new { error = "Unauthorized" }),
        FakeAnswer.PermissionDenied => Json(403, new { error = new { message = "Forbidden by gateway policy", type = "forbidden", code = "403" } }),
        FakeAnswer.RateLimited or FakeAnswer.QuotaExhausted => Json(429, new { error = new { message = "Too many requests", type = "rate_limit", code = "429" } }),
        FakeAnswer.ServerError when EchoHeader is { } echoed => Results.Text($"Gateway refused {echoed}={request.Headers[echoed]}", statusCode: 500),
        // A careless gateway's error page echoing the request's credentials, placed so the key
        // straddles the 500 characters a detail keeps of a body that is not JSON.
        _ => Results.Text(new string('.', 470) + $" Authorization={request.Headers.Authorization} X-Gateway-Token={request.Headers["X-Gateway-Token"]}", statusCode: 500),
    };
}
