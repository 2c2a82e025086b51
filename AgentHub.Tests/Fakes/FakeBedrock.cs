using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Tests.Fakes;

/// <summary>
/// Bedrock control plane and runtime behind one base (as <c>AgentHub:Providers:bedrock:BaseUrl</c> makes them);
/// Converse and ConverseStream as <see cref="FakeBedrockChat"/> enforces them.
/// </summary>
public sealed class FakeBedrock : FakeProviderServer
{
    protected override string BasePath => "";

    protected override bool IsAuthorized(HttpRequest request) => Bearer(request) == ValidKey;

    protected override void MapRoutes(WebApplication app)
    {
        app.MapGet("/foundation-models", (HttpRequest request) => Gate(request) ?? Results.Json(new
        {
            modelSummaries = Models.Select(modelId => new
            {
                modelId,
                modelName = modelId,
                providerName = "Anthropic",
                outputModalities = modelId.Contains("embed") ? new[] { "EMBEDDING" } : new[] { "TEXT" },
                modelLifecycle = new { status = "ACTIVE" },
            }),
        }));
        app.MapPost("/model/{modelId}/converse", (HttpRequest request, string modelId) => Gate(request) ?? Chat(request, modelId, streamed: false));
        app.MapPost("/model/{modelId}/converse-stream", (HttpRequest request, string modelId) => Gate(request) ?? Chat(request, modelId, streamed: true));
    }

    /// <summary>Converse and ConverseStream as <see cref="FakeBedrockChat"/> enforces them.</summary>
    private IResult Chat(HttpRequest request, string modelId, bool streamed)
    {
        var body = FakeChat.Body(request) ?? [];
        if ((Models.Contains(modelId) ? FakeBedrockChat.Refusal(body) : "The provided model identifier is invalid.") is { } message)
        {
            return Typed(400, "ValidationException", message);
        }

        var reply = FakeBedrockChat.Decide(body);
        return streamed ? new EventStreamResult(FakeBedrockChat.Frames(reply, body)) : Results.Json(FakeBedrockChat.Response(reply, body));
    }

    protected override IResult Error(FakeAnswer answer, HttpRequest request) => answer switch
    {
        FakeAnswer.InvalidKey => Typed(403, "AccessDeniedException", $"Authentication failed: Please make sure your API Key is valid. (received {Bearer(request)})", messageKey: "Message"),
        FakeAnswer.PermissionDenied => Typed(403, "AccessDeniedException", "You don't have access to the model with the specified model ID."),
        FakeAnswer.RateLimited or FakeAnswer.QuotaExhausted => Typed(429, "ThrottlingException", "Too many requests, please wait before trying again."),
        _ => Typed(500, "InternalServerException", "Internal server error"),
    };

    private static IResult Typed(int status, string type, string message, string messageKey = "message") =>
        new TypedError(status, type, new Dictionary<string, string> { [messageKey] = message });

    /// <summary>AWS puts the error type in the x-amzn-ErrorType header.</summary>
    private sealed class TypedError(int status, string type, object body) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers["x-amzn-ErrorType"] = $"{type}:http://internal.amazon.com/coral/com.amazon.bedrock/";
            await Results.Json(body, statusCode: status).ExecuteAsync(httpContext);
        }
    }
}
