using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentHub.Core.Gateway;
using Microsoft.AspNetCore.Http.Features;

namespace AgentHub.Web.Gateway;

/// <summary>
/// How the gateway's answers go out, in OpenAI's wire format: a JSON body, an error in OpenAI's envelope, and a
/// streamed answer as server-sent events. The JSON is written straight into the response as UTF-8.
/// </summary>
public static class GatewayResponses
{
    /// <summary>Server-sent events, one flushed <c>data:</c> line per chunk, then <c>data: [DONE]</c>; returns the status and error class to record.</summary>
    public static async Task<(int Status, string? ErrorClass)> StreamAsync(HttpContext context, IAsyncEnumerable<JsonObject> chunks)
    {
        var response = context.Response;
        var cancellationToken = context.RequestAborted;
        await using var enumerator = chunks.GetAsyncEnumerator(cancellationToken);
        JsonObject? first;
        try
        {
            // The status is decided by the first chunk: a stream that fails before it still gets a proper error answer.
            first = await enumerator.MoveNextAsync() ? enumerator.Current : null;
        }
        catch (ChatStreamException e)
        {
            await WriteErrorAsync(context, StreamFailure(e));
            return (502, "ProviderError");
        }

        response.StatusCode = 200;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            for (var chunk = first; chunk is not null; )
            {
                WriteEvent(response, chunk);
                var next = enumerator.MoveNextAsync();
                // Sent when the provider has nothing more at hand: no chunk waits for the next one, and
                // chunks that arrived together leave in one write.
                if (!next.IsCompleted && await FlushWhileWaitingAsync(response, next))
                {
                    // The agent went away: the provider's stream is left, as the request's cancellation leaves it.
                    return (499, "client_closed");
                }

                chunk = await next ? enumerator.Current : null;
            }
        }
        catch (ChatStreamException e)
        {
            // The status line is sent: OpenAI reports a failure inside a stream as an error event.
            var error = new JsonObject { ["error"] = Envelope(StreamFailure(e)) };
            WriteEvent(response, error);
            await response.BodyWriter.FlushAsync(cancellationToken);
            return (200, "ProviderError");
        }

        response.BodyWriter.Write("data: [DONE]\n\n"u8);
        await response.BodyWriter.FlushAsync(cancellationToken);
        return (200, null);
    }

    /// <summary>
    /// Flushes what is written while <paramref name="next"/> (the provider's next chunk) is pending.
    /// False: the caller awaits <paramref name="next"/>. True: the agent is gone, and the pending read
    /// has ended (the chunk enumerator cannot be disposed while a read is pending); so it has when the
    /// flush throws. No token: an agent that went away completes the flush.
    /// </summary>
    private static async Task<bool> FlushWhileWaitingAsync(HttpResponse response, ValueTask<bool> next)
    {
        bool gone;
        try
        {
            gone = (await response.BodyWriter.FlushAsync(CancellationToken.None)).IsCompleted;
        }
        catch
        {
            await SettleAsync(next);
            throw;
        }

        if (gone)
        {
            await SettleAsync(next);
        }

        return gone;
    }

    // Waits for a read whose result no longer matters.
    private static async Task SettleAsync(ValueTask<bool> read)
    {
        try
        {
            await read;
        }
        catch (Exception)
        {
            // What ended the answer is already known; the read's own failure adds nothing.
        }
    }

    /// <summary>One <c>data:</c> event, its JSON written straight into the response as UTF-8 (sent at the next flush).</summary>
    private static void WriteEvent(HttpResponse response, JsonObject data)
    {
        response.BodyWriter.Write("data: "u8);
        WriteJson(response, data);
        response.BodyWriter.Write("\n\n"u8);
    }

    private static void WriteJson(HttpResponse response, JsonObject body)
    {
        using var writer = new Utf8JsonWriter(response.BodyWriter);
        body.WriteTo(writer);
    }

    /// <summary>A failure of the provider's stream (its own error event, or a stream that broke off, ended early or could not be read), as the agent is told it.</summary>
    private static GatewayError StreamFailure(ChatStreamException e) => new(502, "upstream_error", "ProviderError", e.ForAgent);

    private static JsonObject Envelope(GatewayError error) => new()
    {
        ["message"] = error.Message,
        ["type"] = error.Type,
        ["param"] = null,
        ["code"] = error.Code,
    };

    public static Task WriteErrorAsync(HttpContext context, GatewayError error)
    {
        if (error.Status == 401)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        if (error.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        return WriteJsonAsync(context, error.Status, new JsonObject { ["error"] = Envelope(error) });
    }

    public static async Task WriteJsonAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        WriteJson(context.Response, body);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }
}
