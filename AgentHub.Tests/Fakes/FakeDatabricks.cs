using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Tests.Fakes;

/// <summary>A Databricks workspace: Bearer token, serving endpoints as models, error_code as number or string.</summary>
public sealed class FakeDatabricks : FakeProviderServer
{
    protected override string BasePath => "";

    protected override bool IsAuthorized(HttpRequest request) => Bearer(request) == ValidKey;

    protected override void MapRoutes(WebApplication app)
    {
        app.MapGet("/api/2.0/serving-endpoints", (HttpRequest request) => Gate(request) ?? Results.Json(new
        {
            endpoints = Models.Select(name => new { name, state = new { ready = "READY" }, task = "llm/v1/chat" }),
        }));
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
