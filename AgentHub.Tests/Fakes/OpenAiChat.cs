using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Tests.Fakes;

/// <summary>
/// The Chat Completions endpoint as OpenAI-compatible providers serve it: the request shape
/// checked as the real API checks it (400 with the reason otherwise), and answers whole or as
/// server-sent events. A request with tools whose last message is the user's gets a call of its
/// first tool; a request ending with the tool's result gets a text answer that quotes it.
/// </summary>
public static class OpenAiChat
{
    /// <summary>The text of a plain answer (the model probe reads it too).</summary>
    public const string Reply = "Pong";

    /// <summary>The arguments of the tool call the fake makes.</summary>
    public const string ToolArguments = "{\"city\":\"Paris\"}";

    /// <summary>The id of the tool call the fake makes.</summary>
    public const string ToolCallId = "call_fake_1";

    private static readonly string[] Roles = ["system", "developer", "user", "assistant", "tool"];

    /// <summary>Why the request is not a valid Chat Completions request, or null.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="modelRequired">False for endpoints that name the model in the path (Databricks).</param>
    public static string? Problem(JsonElement? body, bool modelRequired = true)
    {
        if (body is not { ValueKind: JsonValueKind.Object } request)
        {
            return "The body must be a JSON object.";
        }

        if (modelRequired && (!request.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String || model.GetString() is not { Length: > 0 }))
        {
            return "you must provide a model parameter";
        }

        if (!request.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            return "'messages' must be a non-empty array";
        }

        foreach (var message in messages.EnumerateArray())
        {
            var role = message.TryGetProperty("role", out var r) ? r.GetString() : null;
            if (!Roles.Contains(role))
            {
                return $"Invalid value for 'role': {role}";
            }

            if (role == "tool" && !(message.TryGetProperty("tool_call_id", out var id) && id.ValueKind == JsonValueKind.String))
            {
                return "Missing parameter 'tool_call_id' on a tool message";
            }

            if (role == "assistant" && message.TryGetProperty("tool_calls", out var calls)
                && calls.EnumerateArray().Any(c => c.GetProperty("type").GetString() != "function" || !c.GetProperty("function").TryGetProperty("arguments", out _)))
            {
                return "Invalid 'tool_calls' on an assistant message";
            }
        }

        if (request.TryGetProperty("tools", out var tools)
            && tools.EnumerateArray().Any(t => t.GetProperty("type").GetString() != "function" || t.GetProperty("function").GetProperty("name").ValueKind != JsonValueKind.String))
        {
            return "Invalid 'tools': each must be {\"type\":\"function\",\"function\":{\"name\":…}}";
        }

        if (request.TryGetProperty("stream", out var stream) && stream.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return "'stream' must be a boolean";
        }

        return null;
    }

    /// <summary>The answer to a valid request, whole or streamed as the request asks.</summary>
    public static IResult Answer(JsonElement request, string model, Task? restOfAnswer = null, bool garbled = false)
    {
        var messages = request.GetProperty("messages").EnumerateArray().ToList();
        var last = messages[^1];
        var wantsTool = request.TryGetProperty("tools", out var tools) && tools.GetArrayLength() > 0 && last.GetProperty("role").GetString() == "user";
        var toolName = wantsTool ? tools[0].GetProperty("function").GetProperty("name").GetString()! : null;
        var text = last.GetProperty("role").GetString() == "tool" ? $"The tool said: {Content(last)}" : Reply;
        var stream = request.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var includeUsage = request.TryGetProperty("stream_options", out var options) && options.TryGetProperty("include_usage", out var usage) && usage.ValueKind == JsonValueKind.True;
        // A one-token probe is cut short; anything else ends naturally.
        var finish = (request.TryGetProperty("max_tokens", out var max) || request.TryGetProperty("max_completion_tokens", out max)) && max.ValueKind == JsonValueKind.Number && max.GetInt32() == 1
            ? "length" : "stop";
        return stream ? Streamed(model, toolName, text, includeUsage, restOfAnswer ?? Task.CompletedTask, garbled) : Whole(model, toolName, text, finish, restOfAnswer);
    }

    private static string Content(JsonElement message) =>
        message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String ? content.GetString()! : content.GetRawText();

    private static IResult Whole(string model, string? toolName, string text, string finish, Task? restOfAnswer)
    {
        object message = toolName is null
            ? new { role = "assistant", content = text }
            : new { role = "assistant", content = (string?)null, tool_calls = new[] { new { id = ToolCallId, type = "function", function = new { name = toolName, arguments = ToolArguments } } } };
        var answer = new
        {
            id = "chatcmpl-fake",
            @object = "chat.completion",
            created = 1_700_000_000,
            model,
            choices = new[] { new { index = 0, message, finish_reason = toolName is null ? finish : "tool_calls" } },
            usage = new { prompt_tokens = 7, completion_tokens = 1, total_tokens = 8 },
        };
        if (restOfAnswer is null)
        {
            return Results.Json(answer);
        }

        // A provider that sends half its body, then the rest once the test lets it (or breaks off there).
        var bytes = JsonSerializer.SerializeToUtf8Bytes(answer);
        return Results.Stream(async body =>
        {
            await body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
            await body.FlushAsync();
            await restOfAnswer;
            await body.WriteAsync(bytes.AsMemory(bytes.Length / 2));
        }, "application/json");
    }

    private static IResult Streamed(string model, string? toolName, string text, bool includeUsage, Task restOfAnswer, bool garbled)
    {
        var chunks = new List<object> { Chunk(model, new { role = "assistant", content = "" }, null) };
        if (toolName is null)
        {
            // The text in two pieces, so a relay that joins or drops chunks shows.
            var half = text.Length / 2;
            chunks.Add(Chunk(model, new { content = text[..half] }, null));
            chunks.Add(Chunk(model, new { content = text[half..] }, null));
            chunks.Add(Chunk(model, new { }, "stop"));
        }
        else
        {
            chunks.Add(Chunk(model, new { tool_calls = new object[] { new { index = 0, id = ToolCallId, type = "function", function = new { name = toolName, arguments = "" } } } }, null));
            chunks.Add(Chunk(model, new { tool_calls = new object[] { new { index = 0, function = new { arguments = ToolArguments[..8] } } } }, null));
            chunks.Add(Chunk(model, new { tool_calls = new object[] { new { index = 0, function = new { arguments = ToolArguments[8..] } } } }, null));
            chunks.Add(Chunk(model, new { }, "tool_calls"));
        }

        if (includeUsage)
        {
            chunks.Add(new { id = "chatcmpl-fake", @object = "chat.completion.chunk", created = 1_700_000_000, model, choices = Array.Empty<object>(), usage = new { prompt_tokens = 7, completion_tokens = 2, total_tokens = 9 } });
        }

        return Results.Stream(async body =>
        {
            foreach (var (chunk, index) in chunks.Select((c, i) => (c, i)))
            {
                var data = garbled && index == 1 ? "{\"id\":\"chatcmpl-fake\",\"choices\":[{" : JsonSerializer.Serialize(chunk);
                await body.WriteAsync(Encoding.UTF8.GetBytes($"data: {data}\n\n"));
                await body.FlushAsync();
                // A provider that pauses after its first chunk (a test holds the rest back).
                await restOfAnswer;
            }

            await body.WriteAsync(Encoding.UTF8.GetBytes("data: [DONE]\n\n"));
        }, "text/event-stream");
    }

    private static object Chunk(string model, object delta, string? finishReason) => new
    {
        id = "chatcmpl-fake",
        @object = "chat.completion.chunk",
        created = 1_700_000_000,
        model,
        choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
    };

    /// <summary>A 400 in OpenAI's envelope.</summary>
    public static IResult BadRequest(string message) =>
        Results.Json(new { error = new { message, type = "invalid_request_error", param = (string?)null, code = (string?)null } }, statusCode: 400);
}
