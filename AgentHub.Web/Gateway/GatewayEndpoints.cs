using System.Text.Json;
using System.Text.Json.Nodes;
using AgentHub.Core.AgentKeys;
using AgentHub.Core.Gateway;
using AgentHub.Core.Usage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace AgentHub.Web.Gateway;

/// <summary>
/// The OpenAI-compatible door for agents: <c>GET /v1/models</c>, <c>GET /v1/models/{model}</c> and
/// <c>POST /v1/chat/completions</c>. Only an agent key in <c>Authorization: Bearer</c> opens it; the
/// admin cookie counts for nothing here, so no other site can spend a team's quota through a
/// signed-in browser. It runs on a branch of its own, ahead of the admin app's routing and
/// middleware (cookies, antiforgery, status pages, the first-start redirect), none of which has
/// anything to do with an agent, and from singletons: a call opens no DI scope.
/// </summary>
public sealed class GatewayEndpoints(
    AgentKeyService keys, AgentKeyRateLimiter limiter, GatewayService gateway, UsageRecorder usage, IOptionsMonitor<AgentHubOptions> options,
    ILogger<GatewayEndpoints> logger)
{
    public const string Prefix = "/v1";

    /// <summary>The code of a 429 answered because the agent key spent its own requests per minute.</summary>
    public const string KeyRateLimited = "rate_limit_exceeded";

    /// <summary>The code of a 500: something failed that is neither the agent's request nor the provider's answer.</summary>
    public const string InternalError = "internal_error";

    private const string ModelsPath = "/models";
    private const string ChatPath = "/chat/completions";

    // The routes' templates, as the 404 lists them and the request metrics name them.
    private const string ChatRoute = Prefix + ChatPath;
    private const string ModelsRoute = Prefix + ModelsPath;
    private const string ModelRoute = ModelsRoute + "/{model}";

    /// <summary>
    /// One request under <see cref="Prefix"/> (the branch's path is what follows it). What fails
    /// unexpectedly (the store unreachable while the directory loads, a bug) is logged and answered
    /// with a 500 in OpenAI's envelope, not with the admin app's error page.
    /// </summary>
    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await DispatchAsync(context);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(e, "Gateway request {Method} {Path} failed", context.Request.Method, Prefix + context.Request.Path);
            if (context.Response.HasStarted)
            {
                // Part of the answer is out: only ending the connection tells the agent it is cut short.
                throw;
            }

            context.Response.Clear();
            await GatewayResponses.WriteErrorAsync(context, new GatewayError(500, "server_error", InternalError,
                "Agent Hub could not handle this request; the error is logged. Try again, and tell a team admin if it persists."));
        }
    }

    private Task DispatchAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        var route = path.TrimEnd('/');
        if (HttpMethods.IsPost(request.Method) && route.Equals(ChatPath, StringComparison.OrdinalIgnoreCase))
        {
            NameRoute(context, ChatRoute);
            return ChatAsync(context);
        }

        if (HttpMethods.IsGet(request.Method) && route.StartsWith(ModelsPath, StringComparison.OrdinalIgnoreCase))
        {
            if (route.Length == ModelsPath.Length)
            {
                NameRoute(context, ModelsRoute);
                return ListModelsAsync(context);
            }

            if (route[ModelsPath.Length] == '/')
            {
                // An alias may hold '/' (even a last one): everything after /models/ names it.
                NameRoute(context, ModelRoute);
                return GetModelAsync(context, path[(ModelsPath.Length + 1)..]);
            }
        }

        // Anything else under /v1 answers in the same envelope, not with the admin app's HTML page.
        return GatewayResponses.WriteErrorAsync(context, new GatewayError(404, "invalid_request_error", "unknown_url",
            $"Agent Hub's gateway serves GET {ModelsRoute}, GET {ModelRoute} and POST {ChatRoute}."));
    }

    /// <summary>
    /// Names the call's route in ASP.NET Core's request metrics (<c>http.server.request.duration</c>), as an
    /// endpoint's template would: the branch runs before routing, so without it every gateway call would be counted
    /// under no route at all. A template, never the alias itself, so the metric's series stay few.
    /// </summary>
    private static void NameRoute(HttpContext context, string template) =>
        context.Features.Get<IHttpMetricsTagsFeature>()?.Tags.Add(new("http.route", template));

    private async Task ListModelsAsync(HttpContext context)
    {
        if (await AdmitAsync(context) is not { } key)
        {
            return;
        }

        var models = await gateway.ListModelsAsync(key, context.RequestAborted);
        var list = new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(models.Select(m => (JsonNode)ModelObject(m)).ToArray()),
        };
        await GatewayResponses.WriteJsonAsync(context, 200, list);
    }

    /// <summary>One model by alias (aliases may hold '/'), or 404 as for a model the key may not call.</summary>
    private async Task GetModelAsync(HttpContext context, string model)
    {
        if (await AdmitAsync(context) is not { } key)
        {
            return;
        }

        var found = (await gateway.ListModelsAsync(key, context.RequestAborted))
            .FirstOrDefault(m => string.Equals(m.Alias, model, StringComparison.OrdinalIgnoreCase));
        if (found is null)
        {
            await GatewayResponses.WriteErrorAsync(context, GatewayError.ModelNotFound(model));
            return;
        }

        await GatewayResponses.WriteJsonAsync(context, 200, ModelObject(found));
    }

    private static JsonObject ModelObject(GatewayModel model) => new()
    {
        ["id"] = model.Alias,
        ["object"] = "model",
        ["created"] = new DateTimeOffset(model.ConnectedAt, TimeSpan.Zero).ToUnixTimeSeconds(),
        ["owned_by"] = model.ProviderId,
    };

    /// <summary>
    /// One chat call, recorded for the Usage tab once it ends (queued in memory, written in batches
    /// by the usage flush): its key, model, status or error class, latency and the provider's token counts.
    /// </summary>
    private async Task ChatAsync(HttpContext context)
    {
        var meter = usage.Start();
        var (status, errorClass) = (StatusCodes.Status200OK, (string?)null);
        try
        {
            if (await AdmitAsync(context, meter) is not { } key)
            {
                (status, errorClass) = (context.Response.StatusCode, context.Response.StatusCode == 401 ? "invalid_api_key" : KeyRateLimited);
                return;
            }

            var limit = options.CurrentValue.Gateway.MaxRequestBytes;
            var (request, problem) = await ReadRequestAsync(context, limit);
            var result = problem ?? await gateway.ChatAsync(key, request!, meter, context.RequestAborted);
            if (result.Error is { } error)
            {
                (status, errorClass) = (error.Status, error.Code);
                await GatewayResponses.WriteErrorAsync(context, error);
                return;
            }

            using var answer = result.Answer!;
            if (answer.Completion is { } completion)
            {
                await GatewayResponses.WriteJsonAsync(context, 200, completion);
                return;
            }

            (status, errorClass) = await GatewayResponses.StreamAsync(context, answer.Chunks!);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The agent went away; nginx's 499 names that.
            (status, errorClass) = (499, "client_closed");
        }
        catch
        {
            // Answered by HandleAsync; recorded as what the agent gets.
            (status, errorClass) = (500, InternalError);
            throw;
        }
        finally
        {
            usage.Record(meter, status, errorClass);
        }
    }

    /// <summary>
    /// The recognised agent key, within its requests per minute; otherwise the 401 or 429 is written and null returned.
    /// </summary>
    private async Task<AgentKeyIdentity?> AdmitAsync(HttpContext context, UsageMeter? meter = null)
    {
        if (await AuthenticateAsync(context) is not { } key)
        {
            await GatewayResponses.WriteErrorAsync(context, GatewayError.InvalidKey());
            return null;
        }

        if (meter is not null)
        {
            meter.Key = key;
        }

        if (limiter.TryAcquire(key) is { } retryAfter)
        {
            await GatewayResponses.WriteErrorAsync(context, new GatewayError(429, "rate_limit_exceeded", KeyRateLimited,
                $"This agent key may make {key.RequestsPerMinute} requests per minute and has used them: retry after {retryAfter} s. A team admin sets the limit on the Agent keys tab.")
            {
                RetryAfter = retryAfter,
            });
            return null;
        }

        return key;
    }

    /// <summary>The live agent key in <c>Authorization: Bearer</c>, or null. Cookies are never consulted.</summary>
    private async Task<AgentKeyIdentity?> AuthenticateAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        return header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) && header[Bearer.Length..].Trim() is { Length: > 0 } presented
            ? await keys.AuthenticateAsync(presented, context.RequestAborted)
            : null;
    }

    /// <summary>Reads the JSON body up to <paramref name="limit"/> bytes: larger bodies are refused, not buffered.</summary>
    private static async Task<(JsonObject? Request, GatewayError? Problem)> ReadRequestAsync(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit)
        {
            return (null, GatewayError.TooLarge(limit));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit + 1;
        }

        MemoryStream? body;
        try
        {
            body = await BoundedBody.ReadAsync(context.Request.Body, limit, context.Request.ContentLength, context.RequestAborted);
            if (body is null)
            {
                return (null, GatewayError.TooLarge(limit));
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, GatewayError.TooLarge(limit));
        }

        await using var owned = body;
        try
        {
            return JsonNode.Parse(body) is JsonObject request
                ? (request, null)
                : (null, GatewayError.BadRequest("The body must be a JSON object: an OpenAI Chat Completions request."));
        }
        catch (JsonException e)
        {
            return (null, GatewayError.BadRequest($"The body is not valid JSON (line {e.LineNumber + 1}): send an OpenAI Chat Completions request."));
        }
    }
}
