using AgentHub.Core.Gateway;

namespace AgentHub.Tests.Core.Gateway;

/// <summary>Small helpers for dialect tests: JSON literals, provider streams and the chunks a dialect makes of them.</summary>
internal static class DialectTestSupport
{
    public static readonly JsonObject WeatherTool = Json("""
        {"type":"function","function":{"name":"get_weather","description":"The weather in a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}
        """);

    public static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>A text/event-stream body of <paramref name="events"/> (name, JSON data).</summary>
    public static Stream Sse(params (string? Name, string Data)[] events) => new MemoryStream(Encoding.UTF8.GetBytes(string.Concat(
        events.Select(e => (e.Name is null ? "" : $"event: {e.Name}\n") + $"data: {e.Data}\n\n"))));

    /// <summary>An event stream body of <paramref name="frames"/>.</summary>
    public static Stream Frames(params byte[][] frames) => new MemoryStream([.. frames.SelectMany(f => f)]);

    public static async Task<List<JsonObject>> ChunksAsync(IChatDialect dialect, Stream body, ChatDialectContext context)
    {
        var chunks = new List<JsonObject>();
        await foreach (var chunk in dialect.FromProviderStream(body, context, CancellationToken.None))
        {
            chunks.Add(chunk);
        }

        return chunks;
    }

    /// <summary>The content deltas of a stream joined.</summary>
    public static string Content(IEnumerable<JsonObject> chunks) =>
        string.Concat(Deltas(chunks).Select(d => (string?)d["content"]));

    /// <summary>The finish reason of the stream's last choice.</summary>
    public static string? FinishReason(IEnumerable<JsonObject> chunks) =>
        chunks.SelectMany(c => c["choices"]!.AsArray()).Select(c => (string?)c!["finish_reason"]).LastOrDefault(f => f is not null);

    /// <summary>Streamed tool calls put together by index: (id, name, arguments).</summary>
    public static List<(string Id, string Name, string Arguments)> ToolCalls(IEnumerable<JsonObject> chunks)
    {
        var calls = new SortedDictionary<int, (string Id, string Name, StringBuilder Arguments)>();
        foreach (var call in Deltas(chunks).SelectMany(d => d["tool_calls"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var index = (int)call["index"]!;
            if (!calls.TryGetValue(index, out var entry))
            {
                entry = ((string)call["id"]!, (string)call["function"]!["name"]!, new StringBuilder());
                calls[index] = entry;
            }

            entry.Arguments.Append((string?)call["function"]?["arguments"]);
        }

        return [.. calls.Values.Select(c => (c.Id, c.Name, c.Arguments.ToString()))];
    }

    /// <summary>Whether two JSON texts hold the same value.</summary>
    public static bool SameJson(string expected, string actual) => JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual));

    private static IEnumerable<JsonObject> Deltas(IEnumerable<JsonObject> chunks) =>
        chunks.SelectMany(c => c["choices"]!.AsArray()).Select(c => c!["delta"]).OfType<JsonObject>();

    /// <summary>A Bedrock event frame (for tests that write a provider stream by hand).</summary>
    public static byte[] Event(string type, string json) => EventStreamWriter.Event(type, JsonNode.Parse(json)!);
}
