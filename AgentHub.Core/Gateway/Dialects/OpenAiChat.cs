using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentHub.Core.Gateway.Dialects;

/// <summary>Reading an OpenAI Chat Completions request and writing OpenAI replies and chunks: what every dialect shares.</summary>
internal static class OpenAiChat
{
    /// <summary>The text of a message's <c>content</c>: a string, or the <c>text</c> parts of an array joined.</summary>
    public static string Text(JsonNode? content) => content switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonArray parts => string.Concat(parts.OfType<JsonObject>()
            .Where(p => (string?)p["type"] is null or "text")
            .Select(p => (string?)p["text"] ?? "")),
        _ => "",
    };

    /// <summary>The request's <c>stop</c> (a string or an array) as a list.</summary>
    public static List<string> Stops(JsonObject request) => request["stop"] switch
    {
        JsonValue value when value.TryGetValue<string>(out var one) => [one],
        JsonArray many => [.. many.Select(s => (string?)s).OfType<string>()],
        _ => [],
    };

    /// <summary><c>max_completion_tokens</c>, else <c>max_tokens</c>, else null.</summary>
    public static int? MaxTokens(JsonObject request) =>
        Int(request["max_completion_tokens"]) ?? Int(request["max_tokens"]);

    /// <summary>A copy of a number parameter, or null when absent.</summary>
    public static JsonNode? Number(JsonObject request, string name) =>
        request[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.DeepClone() : null;

    /// <summary>The <c>function</c> objects of the request's <c>tools</c>.</summary>
    public static List<JsonObject> Functions(JsonObject request) =>
        request["tools"] is JsonArray tools
            ? [.. tools.OfType<JsonObject>().Select(t => t["function"]).OfType<JsonObject>()]
            : [];

    /// <summary>A function's JSON Schema, or an empty object schema when it declares none.</summary>
    public static JsonNode Parameters(JsonObject function) =>
        function["parameters"]?.DeepClone() ?? new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() };

    /// <summary>
    /// The request's <c>tool_choice</c>: <c>auto</c>, <c>required</c>, <c>none</c>, or the name of the one
    /// function it forces (Kind <c>function</c>); null when absent.
    /// </summary>
    public static (string Kind, string? Name)? ToolChoice(JsonObject request) => request["tool_choice"] switch
    {
        JsonValue value when value.TryGetValue<string>(out var kind) => (kind, null),
        JsonObject forced when (string?)forced["function"]?["name"] is { } name => ("function", name),
        _ => null,
    };

    /// <summary>A tool call's arguments (a JSON text) as an object; other JSON is kept under <c>value</c>.</summary>
    public static JsonObject Arguments(string? arguments)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            return [];
        }

        // An agent's model may write broken JSON or a bare value: the provider gets it as text rather than nothing.
        return ParseObject(arguments) ?? new JsonObject { ["value"] = arguments };
    }

    /// <summary>A JSON object parsed from <paramref name="text"/>, or null when the text is not one.</summary>
    public static JsonObject? ParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The function name an assistant message gave to tool call <paramref name="toolCallId"/>, or null.</summary>
    public static string? ToolName(IEnumerable<JsonObject> messages, string? toolCallId) =>
        messages.Where(m => (string?)m["role"] == "assistant")
            .SelectMany(m => m["tool_calls"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(c => (string?)c["id"] == toolCallId)
            .Select(c => (string?)c["function"]?["name"])
            .LastOrDefault();

    /// <summary>An OpenAI tool call.</summary>
    public static JsonObject ToolCall(string id, string name, string arguments) => new()
    {
        ["id"] = id,
        ["type"] = "function",
        ["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments },
    };

    /// <summary>An OpenAI <c>usage</c> object.</summary>
    public static JsonObject Usage(int promptTokens, int completionTokens) => new()
    {
        ["prompt_tokens"] = promptTokens,
        ["completion_tokens"] = completionTokens,
        ["total_tokens"] = promptTokens + completionTokens,
    };

    /// <summary>A whole <c>chat.completion</c>.</summary>
    public static JsonObject Completion(string id, string alias, string? text, JsonArray toolCalls, string finishReason, JsonObject usage)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = text };
        if (toolCalls.Count > 0)
        {
            message["tool_calls"] = toolCalls;
        }

        return new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion",
            ["created"] = Now(),
            ["model"] = alias,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["finish_reason"] = finishReason,
            }),
            ["usage"] = usage,
        };
    }

    /// <summary>A <c>chat.completion.chunk</c> with one choice.</summary>
    public static JsonObject Chunk(string id, string alias, JsonObject delta, string? finishReason = null) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = Now(),
        ["model"] = alias,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["delta"] = delta,
            ["finish_reason"] = finishReason,
        }),
    };

    /// <summary>The last chunk of a stream: no choices, and the usage when the provider reported it.</summary>
    public static JsonObject UsageChunk(string id, string alias, JsonObject? usage) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = Now(),
        ["model"] = alias,
        ["choices"] = new JsonArray(),
        ["usage"] = usage,
    };

    /// <summary>A delta that starts the first streamed tool call at <paramref name="index"/>, with its id and name.</summary>
    public static JsonObject ToolCallStart(int index, string id, string name, string arguments = "") => new()
    {
        ["tool_calls"] = new JsonArray(new JsonObject
        {
            ["index"] = index,
            ["id"] = id,
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments },
        }),
    };

    /// <summary>A delta carrying a fragment of the arguments of streamed tool call <paramref name="index"/>.</summary>
    public static JsonObject ToolCallArguments(int index, string fragment) => new()
    {
        ["tool_calls"] = new JsonArray(new JsonObject
        {
            ["index"] = index,
            ["function"] = new JsonObject { ["arguments"] = fragment },
        }),
    };

    /// <summary>An id for a reply whose provider gave none.</summary>
    public static string NewId() => "chatcmpl-" + Guid.NewGuid().ToString("N");

    /// <summary>A JSON number as an int, or null.</summary>
    public static int? Int(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var n) ? n : null;

    /// <summary>Text joined from parts, or null when there was none (OpenAI's <c>content: null</c> beside tool calls).</summary>
    public static string? TextOrNull(StringBuilder text) => text.Length == 0 ? null : text.ToString();

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
