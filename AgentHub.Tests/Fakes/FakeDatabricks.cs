using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Tests.Fakes;

/// <summary>A Databricks workspace: Bearer token, serving endpoints as models, error_code as number or string.</summary>
public sealed class FakeDatabricks : FakeProviderServer
{
    protected override string BasePath => "";

    /// <summary>The <c>expiry_time</c> (ms since the epoch, -1 for none) of each token <c>/api/2.0/token/list</c> lists for the caller.</summary>
    public List<long> TokenExpiries { get; } = [];

    /// <summary>When set, the token list answers 403 (a workspace where token listing is not permitted).</summary>
    public bool TokenListRefused { get; set; }

    protected override bool IsAuthorized(HttpRequest request) => Bearer(request) == ValidKey;

    protected override void MapRoutes(WebApplication app)
    {
        app.MapGet("/api/2.0/serving-endpoints", (HttpRequest request) => Gate(request) ?? Results.Json(new
        {
            endpoints = Models.Select(name => new { name, state = new { ready = "READY" }, task = "llm/v1/chat" }),
        }));
        // The Token API: a GET without a body, the caller's valid tokens; no token_infos when there are none.
        app.MapGet("/api/2.0/token/list", (HttpRequest request) =>
        {
            if (Gate(request) is { } refused)
            {
                return refused;
            }

            if (request.ContentLength > 0 || request.QueryString.HasValue)
            {
                return Json(400, new { error_code = "INVALID_PARAMETER_VALUE", message = "token/list takes no parameters." });
            }

            if (TokenListRefused)
            {
                return Json(403, new { error_code = "PERMISSION_DENIED", message = "Token listing is not permitted for this user." });
            }

            return TokenExpiries.Count == 0
                ? Results.Json(new { })
                : Results.Json(new
                {
                    token_infos = TokenExpiries.Select((expiry, i) => new
                    {
                        token_id = $"{i + 1:x8}c0ffee{i:x4}",
                        creation_time = DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeMilliseconds(),
                        expiry_time = expiry,
                        comment = $"token {i + 1}",
                    }),
                });
        });
        app.MapPost("/serving-endpoints/{name}/invocations", (HttpRequest request, string name) =>
        {
            if (Gate(request) is { } refused)
            {
                return refused;
            }

            if (!Models.Contains(name))
            {
                return Json(404, new { error_code = "RESOURCE_DOES_NOT_EXIST", message = $"Endpoint with name '{name}' does not exist." });
            }

            var body = BodyOf(request);
            return OpenAiChat.Problem(body, modelRequired: false) is { } problem
                ? Json(400, new { error_code = "BAD_REQUEST", message = problem })
                : OpenAiChat.Answer(body!.Value, name);
        });
    }

    protected override IResult Error(FakeAnswer answer, HttpRequest request) => answer switch
    {
        FakeAnswer.InvalidKey => Json(403, new { error_code = 403, message = "Invalid access token." }),
        FakeAnswer.PermissionDenied => Json(403, new { error_code = "PERMISSION_DENIED", message = "User does not have permission 'CAN_QUERY' on endpoint." }),
        FakeAnswer.RateLimited or FakeAnswer.QuotaExhausted => Json(429, new { error_code = "REQUEST_LIMIT_EXCEEDED", message = "Exceeded workspace rate limit." }),
        _ => Json(500, new { error_code = "INTERNAL_ERROR", message = "Internal error." }),
    };
}
