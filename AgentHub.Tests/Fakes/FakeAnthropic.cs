using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Tests.Fakes;

/// <summary>
/// Anthropic: <c>x-api-key</c> and <c>anthropic-version</c>, pages of <see cref="PageSize"/> models by <c>after_id</c>,
/// and the Messages API as <see cref="FakeAnthropicChat"/> enforces it.
/// </summary>
public sealed class FakeAnthropic : FakeProviderServer
{
    /// <summary>Models per page, small so that tests exercise pagination.</summary>
    public int PageSize { get; set; } = 2;

    /// <summary>When set, a streamed reply ends in an <c>error</c> event whose message quotes the key the call carried.</summary>
    public bool StreamErrorEchoesKey { get; set; }

    protected override string BasePath => "v1/";

    protected override bool IsAuthorized(HttpRequest request) => request.Headers["x-api-key"] == ValidKey;

    protected override void MapRoutes(WebApplication app)
    {
        app.MapGet("/v1/models", (HttpRequest request) =>
        {
            if ((Version(request) ?? Gate(request)) is { } refused)
            {
                return refused;
            }

            var afterId = request.Query["after_id"].ToString();
            var start = string.IsNullOrEmpty(afterId) ? 0 : Models.IndexOf(afterId) + 1;
            var page = Models.Skip(start).Take(PageSize).ToList();
            return Results.Json(new
            {
                data = page.Select(id => new { type = "model", id, display_name = id, created_at = "2025-01-01T00:00:00Z" }),
                has_more = start + page.Count < Models.Count,
                first_id = page.FirstOrDefault(),
                last_id = page.LastOrDefault(),
            });
        });
        app.MapPost("/v1/messages", (HttpRequest request) =>
        {
            if ((Version(request) ?? Gate(request)) is { } refused)
            {
                return refused;
            }

            var body = FakeChat.Body(request) ?? [];
            if (FakeAnthropicChat.Refusal(body) is { } message)
            {
                return Envelope(400, "invalid_request_error", message);
            }

            var reply = FakeAnthropicChat.Decide(body);
            return (bool?)body["stream"] == true
                ? new SseResult(StreamErrorEchoesKey
                    ? FakeAnthropicChat.Events(reply, body).Take(1).Append(("error", new JsonObject
                    {
                        ["type"] = "error",
                        ["error"] = new JsonObject { ["type"] = "overloaded_error", ["message"] = $"Overloaded while serving key {request.Headers["x-api-key"]}" },
                    }))
                    : FakeAnthropicChat.Events(reply, body))
                : Results.Json(FakeAnthropicChat.Message(reply, body));
        });
    }

    private static IResult? Version(HttpRequest request) =>
        request.Headers["anthropic-version"] == "2023-06-01" ? null : Envelope(400, "invalid_request_error", "anthropic-version: header is required");

    protected override IResult Error(FakeAnswer answer, HttpRequest request) => answer switch
    {
        FakeAnswer.InvalidKey => Envelope(401, "authentication_error", "invalid x-api-key"),
        FakeAnswer.QuotaExhausted => Envelope(400, "invalid_request_error", "You have reached your specified API usage limits. You will regain access on 2026-12-01 at 00:00 UTC."),
        FakeAnswer.RateLimited => Envelope(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"),
        FakeAnswer.PermissionDenied => Envelope(403, "permission_error", "Your API key does not have permission to use the specified resource."),
        _ => Envelope(529, "overloaded_error", "Overloaded"),
    };

    private static IResult Envelope(int status, string type, string message) =>
        Json(status, new { type = "error", error = new { type, message }, request_id = "req_fake" });
}
