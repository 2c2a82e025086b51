namespace AgentHub.Tests.Fakes;

/// <summary>
/// Anthropic's Messages API as <see cref="FakeAnthropic"/> enforces it: <c>max_tokens</c> required, roles
/// <c>user</c>/<c>assistant</c> alternating from <c>user</c>, every <c>tool_use</c> answered by a
/// <c>tool_result</c> of the same id in the next turn and no other; replies whole or as SSE events.
/// </summary>
public static class FakeAnthropicChat
{
    public const string ToolUseId = "toolu_01FakeWeatherCall";

    /// <summary>Anthropic's message for a request it would refuse, or null.</summary>
    public static string? Refusal(JsonObject body)
    {
        if (body["max_tokens"] is not JsonValue max || !max.TryGetValue<int>(out var maxTokens) || maxTokens < 1)
        {
            return "max_tokens: Field required";
        }

        if (body["messages"] is not JsonArray { Count: > 0 } messages)
        {
            return "messages: Field required";
        }

        string? previousRole = null;
        var pending = new HashSet<string>();
        for (var i = 0; i < messages.Count; i++)
        {
            var role = (string?)messages[i]?["role"];
            if (role is not ("user" or "assistant"))
            {
                return $"messages.{i}.role: Input should be 'user' or 'assistant'";
            }

            if (i == 0 && role != "user")
            {
                return "messages: first message must use the \"user\" role";
            }

            if (role == previousRole)
            {
                return $"messages: roles must alternate between \"user\" and \"assistant\", but found multiple \"{role}\" roles in a row";
            }

            var blocks = Blocks(messages[i]!["content"]);
            var ids = blocks.Where(b => (string?)b["type"] == (role == "user" ? "tool_result" : "tool_use"))
                .Select(b => (string?)b[role == "user" ? "tool_use_id" : "id"] ?? "").ToList();
            if (role == "user" && ids.FirstOrDefault(id => !pending.Contains(id)) is { } unexpected)
            {
                return $"messages.{i}.content: unexpected `tool_use_id` found in `tool_result` blocks: {unexpected}. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.";
            }

            if (role == "user" && pending.Except(ids).FirstOrDefault() is { } unanswered)
            {
                return $"messages.{i}: `tool_use` ids were found without `tool_result` blocks immediately after: {unanswered}. Each `tool_use` block must have a corresponding `tool_result` block in the next message.";
            }

            pending = role == "assistant" ? [.. ids] : [];
            previousRole = role;
        }

        if (body["tools"] is JsonArray tools && tools.Select((t, i) => (t, i)).FirstOrDefault(x => x.t?["name"] is null || x.t?["input_schema"] is null) is { t: not null } bad)
        {
            return $"tools.{bad.i}.input_schema: Field required";
        }

        return body["tool_choice"] is not null && body["tools"] is null ? "tool_choice: tool_choice may only be specified while providing tools." : null;
    }

    /// <summary>What the conversation gets, by <see cref="FakeChat.Decide"/>.</summary>
    public static FakeChatReply Decide(JsonObject body)
    {
        var last = Blocks(body["messages"]!.AsArray()[^1]!["content"]);
        var result = last.LastOrDefault(b => (string?)b["type"] == "tool_result");
        var names = (body["tools"] as JsonArray ?? []).Select(t => (string?)t?["name"] ?? "");
        return FakeChat.Decide(
            string.Concat(last.Select(b => (string?)b["text"])),
            result is null ? null : Text(result["content"]),
            names,
            (string?)body["tool_choice"]?["type"] != "none");
    }

    /// <summary>The whole reply.</summary>
    public static JsonObject Message(FakeChatReply reply, JsonObject body)
    {
        var message = Start(body);
        message["content"] = new JsonArray(reply is FakeChatReply.Text text
            ? new JsonObject { ["type"] = "text", ["text"] = text.Value }
            : new JsonObject { ["type"] = "tool_use", ["id"] = ToolUseId, ["name"] = FakeChat.ToolName, ["input"] = JsonNode.Parse(FakeChat.ToolArguments) });
        message["stop_reason"] = StopReason(reply, body);
        message["usage"] = Usage(FakeChat.CompletionTokens);
        return message;
    }

    /// <summary>The reply as Anthropic streams it: message_start, a block in several deltas, message_delta, message_stop.</summary>
    public static IEnumerable<(string?, JsonNode)> Events(FakeChatReply reply, JsonObject body)
    {
        var start = Start(body);
        start["content"] = new JsonArray();
        start["usage"] = Usage(1);
        yield return ("message_start", new JsonObject { ["type"] = "message_start", ["message"] = start });
        var isText = reply is FakeChatReply.Text;
        yield return ("content_block_start", new JsonObject
        {
            ["type"] = "content_block_start",
            ["index"] = 0,
            ["content_block"] = isText
                ? new JsonObject { ["type"] = "text", ["text"] = "" }
                : new JsonObject { ["type"] = "tool_use", ["id"] = ToolUseId, ["name"] = FakeChat.ToolName, ["input"] = new JsonObject() },
        });
        yield return ("ping", new JsonObject { ["type"] = "ping" });
        foreach (var piece in FakeChat.Pieces(reply is FakeChatReply.Text text ? text.Value : FakeChat.ToolArguments))
        {
            yield return ("content_block_delta", new JsonObject
            {
                ["type"] = "content_block_delta",
                ["index"] = 0,
                ["delta"] = isText
                    ? new JsonObject { ["type"] = "text_delta", ["text"] = piece }
                    : new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = piece },
            });
        }

        yield return ("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 });
        yield return ("message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = StopReason(reply, body), ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = FakeChat.CompletionTokens },
        });
        yield return ("message_stop", new JsonObject { ["type"] = "message_stop" });
    }

    private static JsonObject Start(JsonObject body) => new()
    {
        ["id"] = "msg_fake_1",
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = (string?)body["model"],
        ["stop_reason"] = null,
    };

    // A one-token probe is cut short, as the real API would cut it.
    private static string StopReason(FakeChatReply reply, JsonObject body) =>
        reply is FakeChatReply.ToolCall ? "tool_use" : (int)body["max_tokens"]! <= 1 ? "max_tokens" : "end_turn";

    private static JsonObject Usage(int outputTokens) => new() { ["input_tokens"] = FakeChat.PromptTokens, ["output_tokens"] = outputTokens };

    private static List<JsonObject> Blocks(JsonNode? content) => content switch
    {
        JsonArray blocks => [.. blocks.OfType<JsonObject>()],
        JsonValue text => [new JsonObject { ["type"] = "text", ["text"] = (string?)text }],
        _ => [],
    };

    private static string Text(JsonNode? content) => content switch
    {
        JsonArray blocks => string.Concat(blocks.Select(b => (string?)b?["text"])),
        _ => (string?)content ?? "",
    };
}
