using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Tests.Fakes;

/// <summary>
/// Gemini API: <c>x-goog-api-key</c> only (a <c>?key=</c> is refused), paged by <c>pageToken</c>;
/// <c>generateContent</c> and <c>streamGenerateContent</c> as <see cref="FakeGoogleChat"/> enforces them.
/// </summary>
public sealed class FakeGemini : FakeProviderServer
{
    public int PageSize { get; set; } = 2;

    protected override string BasePath => "v1beta/";

    protected override bool IsAuthorized(HttpRequest request) =>
        request.Headers["x-goog-api-key"] == ValidKey && !request.Query.ContainsKey("key");

    protected override void MapRoutes(WebApplication app)
    {
        app.MapGet("/v1beta/models", (HttpRequest request) =>
        {
            if (Gate(request) is { } refused)
            {
                return refused;
            }

            var start = int.TryParse(request.Query["pageToken"], out var token) ? token : 0;
            var page = Models.Skip(start).Take(PageSize).ToList();
            var next = start + page.Count < Models.Count ? (start + page.Count).ToString() : null;
            return Results.Json(new
            {
                models = page.Select(id => new
                {
                    name = "models/" + id,
                    displayName = id,
                    supportedGenerationMethods = id.Contains("embedding") ? new[] { "embedContent" } : new[] { "generateContent", "countTokens" },
                }),
                nextPageToken = next,
            });
        });
        app.MapPost("/v1beta/models/{model}", (HttpRequest request, string model) =>
            model.EndsWith(":generateContent", StringComparison.Ordinal) || model.EndsWith(":streamGenerateContent", StringComparison.Ordinal)
                ? Gate(request) ?? FakeGoogleChat.Answer(request, model)
                : Json(404, Envelope(404, "NOT_FOUND", "Method not found.")));
    }

    protected override IResult Error(FakeAnswer answer, HttpRequest request) => answer switch
    {
        FakeAnswer.InvalidKey => Json(400, new
        {
            error = new
            {
                code = 400,
                message = "API key not valid. Please pass a valid API key.",
                status = "INVALID_ARGUMENT",
                details = new object[] { new Dictionary<string, object> { ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo", ["reason"] = "API_KEY_INVALID", ["domain"] = "googleapis.com" } },
            },
        }),
        FakeAnswer.QuotaExhausted => Json(429, Quota("GenerateRequestsPerDayPerProjectPerModel-FreeTier", "You exceeded your current quota. Quota exceeded for metric: generate_content_free_tier_requests, limit: 0")),
        FakeAnswer.RateLimited => Json(429, Quota("GenerateRequestsPerMinutePerProjectPerModel", "Resource has been exhausted (e.g. check quota).")),
        FakeAnswer.PermissionDenied => Json(403, Envelope(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers.")),
        _ => Json(500, Envelope(500, "INTERNAL", "An internal error has occurred.")),
    };

    private static object Envelope(int code, string status, string message) => new { error = new { code, message, status } };

    private static object Quota(string quotaId, string message) => new
    {
        error = new
        {
            code = 429,
            message,
            status = "RESOURCE_EXHAUSTED",
            details = new object[]
            {
                new Dictionary<string, object> { ["@type"] = "type.googleapis.com/google.rpc.QuotaFailure", ["violations"] = new[] { new { quotaMetric = "generativelanguage.googleapis.com/generate_content_requests", quotaId } } },
            },
        },
    };
}
