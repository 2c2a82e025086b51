using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Tests.Fakes;

/// <summary>Fireworks AI: OpenAI-compatible under <c>inference/v1/</c>; errors told apart by status.</summary>
public sealed class FakeFireworks : FakeProviderServer
{
    /// <summary>Answer the list call with a 500 even for a valid key (reported in the wild); chat still works.</summary>
    public bool ListFailsWithValidKey { get; set; }

    /// <summary>Serve no list at all (a Direct-Route deployment), only chat.</summary>
    public bool NoList { get; set; }

    protected override string BasePath => "inference/v1/";

    protected override bool IsAuthorized(HttpRequest request) => Bearer(request) == ValidKey;

    protected override void MapRoutes(WebApplication app)
    {
        app.MapGet("/inference/v1/models", (HttpRequest request) =>
            NoList ? Json(404, new { error = new { code = "NOT_FOUND", message = "Not found" } })
            : Gate(request) ?? (ListFailsWithValidKey
                ? Json(500, new { error = new { code = "INTERNAL", message = "internal error" } })
                : Results.Json(new { @object = "list", data = Models.Select(id => new { id, @object = "model", owned_by = "fireworks" }) })));
        app.MapPost("/inference/v1/chat/completions", (HttpRequest request) =>
        {
            if (Gate(request) is { } refused)
            {
                return refused;
            }

            var body = BodyOf(request);
            return OpenAiChat.Problem(body) is { } problem ? OpenAiChat.BadRequest(problem) : OpenAiChat.Answer(body!.Value, body.Value.GetProperty("model").GetString()!);
        });
    }

    protected override IResult Error(FakeAnswer answer, HttpRequest request) => answer switch
    {
        FakeAnswer.InvalidKey => Json(401, new { error = new { code = "UNAUTHORIZED", message = "The API key you provided is invalid." } }),
        FakeAnswer.QuotaExhausted => Json(402, new { error = new { code = "PAYMENT_REQUIRED", message = "Account is out of credits." } }),
        FakeAnswer.RateLimited => Json(429, new { error = new { code = "RESOURCE_EXHAUSTED", message = "Rate limit exceeded." } }),
        FakeAnswer.PermissionDenied => Json(412, new { error = new { code = "FAILED_PRECONDITION", message = "Account is suspended." } }),
        _ => Json(500, new { error = new { code = "INTERNAL", message = "internal error" } }),
    };
}
