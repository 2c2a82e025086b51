using Microsoft.AspNetCore.Http;

namespace AgentHub.Tests.Fakes;

/// <summary>What a fake chat answers, whatever the provider's format.</summary>
public abstract record FakeChatReply
{
    /// <summary>A text answer.</summary>
    public sealed record Text(string Value) : FakeChatReply;

    /// <summary>A call of <see cref="FakeChat.ToolName"/> with <see cref="FakeChat.ToolArguments"/>.</summary>
    public sealed record ToolCall : FakeChatReply;
}

/// <summary>
/// The scripted conversation every fake chat follows: a tool result gets a text quoting it; a last user
/// turn that mentions the weather, when <see cref="ToolName"/> is among the tools, gets a call of it;
/// anything else gets <see cref="PlainAnswer"/>.
/// </summary>
public static class FakeChat
{
    public const string PlainAnswer = "Pong";
    public const string ToolName = "get_weather";
    public const string ToolArguments = "{\"city\":\"Paris\"}";
    public const int PromptTokens = 11;
    public const int CompletionTokens = 7;

    /// <summary>The text that answers a tool result.</summary>
    public static string ToolAnswer(string result) => "The tool said: " + result;

    /// <summary>The reply for a conversation whose last user turn holds <paramref name="lastUserText"/> or <paramref name="toolResult"/>.</summary>
    public static FakeChatReply Decide(string lastUserText, string? toolResult, IEnumerable<string> toolNames, bool toolsAllowed = true) =>
        toolResult is not null ? new FakeChatReply.Text(ToolAnswer(toolResult))
        : toolsAllowed && toolNames.Contains(ToolName) && lastUserText.Contains("weather", StringComparison.OrdinalIgnoreCase) ? new FakeChatReply.ToolCall()
        : new FakeChatReply.Text(PlainAnswer);

    /// <summary><paramref name="text"/> cut in three pieces (fewer when it is shorter), for streamed replies.</summary>
    public static IEnumerable<string> Pieces(string text)
    {
        var size = Math.Max(1, (text.Length + 2) / 3);
        return text.Chunk(size).Select(c => new string(c));
    }

    /// <summary>The request's JSON body as a node, or null.</summary>
    public static JsonObject? Body(HttpRequest request) =>
        request.HttpContext.Items["body"] is string { Length: > 0 } body ? JsonNode.Parse(body) as JsonObject : null;
}

/// <summary>A text/event-stream answer written event by event, each flushed on its own.</summary>
public sealed class SseResult(IEnumerable<(string? Name, JsonNode Data)> events) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        foreach (var (name, data) in events)
        {
            var text = new StringBuilder();
            if (name is not null)
            {
                text.Append("event: ").Append(name).Append('\n');
            }

            text.Append("data: ").Append(data.ToJsonString()).Append("\n\n");
            await response.WriteAsync(text.ToString());
            await response.Body.FlushAsync();
        }
    }
}
