namespace AgentHub.Tests.Fakes;

/// <summary>
/// Bedrock's Converse API as <see cref="FakeBedrock"/> enforces it: roles alternating from <c>user</c>, no
/// blank text, a <c>toolConfig</c> whenever tool blocks appear, and every <c>toolResult</c> id matching a
/// <c>toolUse</c> of the previous turn; replies whole, or as event stream frames (<see cref="EventStreamWriter"/>).
/// </summary>
public static class FakeBedrockChat
{
    public const string ToolUseId = "tooluse_FakeWeatherCall01";

    /// <summary>Bedrock's ValidationException message for a request it would refuse, or null.</summary>
    public static string? Refusal(JsonObject body)
    {
        if (body["messages"] is not JsonArray { Count: > 0 } messages)
        {
            return "A conversation must start with a user message. Try again with a conversation that starts with a user message.";
        }

        string? previousRole = null;
        var toolUses = new HashSet<string>();
        var hasToolBlocks = false;
        for (var i = 0; i < messages.Count; i++)
        {
            var role = (string?)messages[i]?["role"];
            if (i == 0 && role != "user")
            {
                return "A conversation must start with a user message. Try again with a conversation that starts with a user message.";
            }

            if (role is not ("user" or "assistant") || role == previousRole)
            {
                return "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.";
            }

            var blocks = (messages[i]?["content"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            for (var j = 0; j < blocks.Count; j++)
            {
                if (blocks[j]["text"] is { } text && string.IsNullOrWhiteSpace((string?)text))
                {
                    return $"The text field in the ContentBlock object at messages.{i}.content.{j} is blank. Add text to the text field, and try again.";
                }

                if ((string?)blocks[j]["toolResult"]?["toolUseId"] is { } resultId && !toolUses.Contains(resultId))
                {
                    return $"The toolResult blocks at messages.{i}.content contain toolUseIds that do not match the toolUse blocks of the previous turn.";
                }
            }

            hasToolBlocks |= blocks.Any(b => b["toolUse"] is not null || b["toolResult"] is not null);
            toolUses = [.. blocks.Select(b => (string?)b["toolUse"]?["toolUseId"]).OfType<string>()];
            previousRole = role;
        }

        return hasToolBlocks && body["toolConfig"] is null
            ? "The toolConfig field must be defined when using toolUse and toolResult content blocks."
            : null;
    }

    /// <summary>What the conversation gets, by <see cref="FakeChat.Decide"/>.</summary>
    public static FakeChatReply Decide(JsonObject body)
    {
        var last = (body["messages"]!.AsArray()[^1]?["content"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var result = last.LastOrDefault(b => b["toolResult"] is not null)?["toolResult"]?["content"]?[0];
        var names = (body["toolConfig"]?["tools"] as JsonArray ?? []).Select(t => (string?)t?["toolSpec"]?["name"] ?? "");
        return FakeChat.Decide(
            string.Concat(last.Select(b => (string?)b["text"])),
            result is null ? null : (string?)result["text"] ?? result["json"]?.ToJsonString(),
            names);
    }

    /// <summary>The whole reply.</summary>
    public static JsonObject Response(FakeChatReply reply, JsonObject body) => new()
    {
        ["output"] = new JsonObject
        {
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = new JsonArray(Block(reply)) },
        },
        ["stopReason"] = StopReason(reply, body),
        ["usage"] = Usage(),
        ["metrics"] = new JsonObject { ["latencyMs"] = 12 },
    };

    /// <summary>The reply as ConverseStream frames: messageStart, the block in several deltas, messageStop, metadata.</summary>
    public static IEnumerable<byte[]> Frames(FakeChatReply reply, JsonObject body)
    {
        yield return EventStreamWriter.Event("messageStart", new JsonObject { ["role"] = "assistant" });
        var isText = reply is FakeChatReply.Text;
        if (!isText)
        {
            yield return EventStreamWriter.Event("contentBlockStart", new JsonObject
            {
                ["contentBlockIndex"] = 0,
                ["start"] = new JsonObject { ["toolUse"] = new JsonObject { ["toolUseId"] = ToolUseId, ["name"] = FakeChat.ToolName } },
            });
        }

        foreach (var piece in FakeChat.Pieces(reply is FakeChatReply.Text text ? text.Value : FakeChat.ToolArguments))
        {
            yield return EventStreamWriter.Event("contentBlockDelta", new JsonObject
            {
                ["contentBlockIndex"] = 0,
                ["delta"] = isText ? new JsonObject { ["text"] = piece } : new JsonObject { ["toolUse"] = new JsonObject { ["input"] = piece } },
            });
        }

        yield return EventStreamWriter.Event("contentBlockStop", new JsonObject { ["contentBlockIndex"] = 0 });
        yield return EventStreamWriter.Event("messageStop", new JsonObject { ["stopReason"] = StopReason(reply, body) });
        yield return EventStreamWriter.Event("metadata", new JsonObject { ["usage"] = Usage(), ["metrics"] = new JsonObject { ["latencyMs"] = 12 } });
    }

    private static JsonObject Block(FakeChatReply reply) => reply is FakeChatReply.Text text
        ? new JsonObject { ["text"] = text.Value }
        : new JsonObject
        {
            ["toolUse"] = new JsonObject { ["toolUseId"] = ToolUseId, ["name"] = FakeChat.ToolName, ["input"] = JsonNode.Parse(FakeChat.ToolArguments) },
        };

    // A one-token probe is cut short, as the real API would cut it.
    private static string StopReason(FakeChatReply reply, JsonObject body) =>
        reply is FakeChatReply.ToolCall ? "tool_use" : (int?)body["inferenceConfig"]?["maxTokens"] <= 1 ? "max_tokens" : "end_turn";

    private static JsonObject Usage() => new()
    {
        ["inputTokens"] = FakeChat.PromptTokens,
        ["outputTokens"] = FakeChat.CompletionTokens,
        ["totalTokens"] = FakeChat.PromptTokens + FakeChat.CompletionTokens,
    };
}
