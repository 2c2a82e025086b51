using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Tests.Fakes;

/// <summary>OpenAI: Bearer key, optional OpenAI-Organization, <c>{"error":{message,type,param,code}}</c>.</summary>
public sealed class FakeOpenAi : FakeProviderServer
{
    /// <summary>The organization the key belongs to; a different OpenAI-Organization header is refused.</summary>
    public string Organization { get; set; } = "org-fake0001";

    /// <summary>A model that refuses <c>max_completion_tokens</c>, as older OpenAI models do.</summary>
    public const string LegacyModel = "gpt-3.5-turbo-instruct-legacy";

    /// <summary>
    /// When set, the chat reply's content as raw JSON string text made from the key the request
    /// carried: a model that echoes its caller's key, in whatever encoding the test chooses.
    /// </summary>
    public Func<string, string>? RawReply { get; set; }

    protected override string BasePath => "v1/";

    protected override bool IsAuthorized(HttpRequest request) => Bearer(request) == ValidKey;

    protected override void MapRoutes(WebApplication app)
    {
        app.MapGet("/v1/models", (HttpRequest request) => Gate(request) ?? OrganizationCheck(request) ?? Results.Json(new
        {
            @object = "list",
            data = Models.Select(id => new { id, @object = "model", created = 1_700_000_000, owned_by = "openai" }),
        }));
        app.MapPost("/v1/chat/completions", (HttpRequest request) =>
        {
            if ((Gate(request) ?? OrganizationCheck(request)) is { } refused)
            {
                return refused;
            }

            var body = BodyOf(request);
            var model = body?.GetProperty("model").GetString();
            if (model == LegacyModel && body!.Value.TryGetProperty("max_completion_tokens", out _))
            {
                return Json(400, new { error = new { message = "Unsupported parameter: 'max_completion_tokens' is not supported with this model. Use 'max_tokens' instead.", type = "invalid_request_error", param = "max_completion_tokens", code = "unsupported_parameter" } });
            }

            if (RawReply is { } echo)
            {
                return Results.Text($$"""{"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"{{echo(Bearer(request)!)}}"},"finish_reason":"length"}]}""", "application/json");
            }

            return OpenAiChat.Problem(body) is { } problem ? OpenAiChat.BadRequest(problem) : OpenAiChat.Answer(body!.Value, model!, RestOfAnswer, GarbledStream);
        });
    }

    private IResult? OrganizationCheck(HttpRequest request) =>
        request.Headers.TryGetValue("OpenAI-Organization", out var organization) && organization.ToString() != Organization
            ? Error(FakeAnswer.OrganizationMismatch, request)
            : null;

    protected override IResult Error(FakeAnswer answer, HttpRequest request) => answer switch
    {
        // OpenAI quotes the key it received; the client must not pass that on.
        FakeAnswer.InvalidKey => Json(401, Envelope($"Incorrect API key provided: {Bearer(request)}. You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key")),
        FakeAnswer.OrganizationMismatch => Json(401, Envelope("OpenAI-Organization header should match organization for API key", "invalid_request_error", "mismatched_organization")),
        FakeAnswer.QuotaExhausted => Json(429, Envelope("You exceeded your current quota, please check your plan and billing details.", "insufficient_quota", "insufficient_quota")),
        FakeAnswer.RateLimited => RetryAfter(request, Json(429, Envelope("Rate limit reached for requests", "requests", "rate_limit_exceeded"))),
        FakeAnswer.PermissionDenied => Json(403, Envelope("Country, region, or territory not supported", "request_forbidden", "unsupported_country_region_territory")),
        _ => Json(500, Envelope("The server had an error while processing your request. Sorry about that!", "server_error", null)),
    };

    /// <summary>OpenAI tells a rate-limited client when to retry.</summary>
    private static IResult RetryAfter(HttpRequest request, IResult result)
    {
        request.HttpContext.Response.Headers.RetryAfter = "7";
        return result;
    }

    private static object Envelope(string message, string type, string? code) => new { error = new { message, type, param = (string?)null, code } };
}
