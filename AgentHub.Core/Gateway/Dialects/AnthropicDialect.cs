using Ids = AgentHub.Core.Providers.ProviderIds;
using System.Text;
using System.Text.Json.Nodes;

namespace AgentHub.Core.Gateway.Dialects;

/// <summary>
/// Anthropic's Messages API (<c>POST messages</c>): system messages become the top-level <c>system</c>,
/// tool calls and results become <c>tool_use</c> / <c>tool_result</c> blocks, and turns of one role are merged.
/// </summary>
public sealed class AnthropicDialect : IChatDialect
{
    /// <summary>The <c>max_tokens</c> sent when neither the agent nor the model sets one (Anthropic requires it).</summary>
    public const int DefaultMaxTokens = 4096;

    /// <inheritdoc />
    public IReadOnlyList<string> ProviderIds { get; } = [Ids.Anthropic];

    /// <inheritdoc />
    public ProviderChatRequest ToProvider(JsonObject openAiRequest, ChatDialectContext context)
    {
        var messages = openAiRequest["messages"] as JsonArray ?? [];
        var system = new List<string>();
        var turns = new TurnList("content");
        foreach (var message in messages.OfType<JsonObject>())
        {
            switch ((string?)message["role"])
            {
                case "system" or "developer":
                    system.Add(OpenAiChat.Text(message["content"]));
                    break;
                case "assistant":
                    turns.Add("assistant", AssistantBlocks(message));
                    break;
                case "tool":
                    turns.Add("user", [new JsonObject
                    {
                        ["type"] = "tool_result",
                        ["tool_use_id"] = (string?)message["tool_call_id"],
                        ["content"] = OpenAiChat.Text(message["content"]),
                    }]);
                    break;
                default:
                    turns.Add("user", [Text(OpenAiChat.Text(message["content"]))]);
                    break;
            }
        }

        var body = new JsonObject
        {
            ["model"] = context.ModelId,
            ["max_tokens"] = OpenAiChat.MaxTokens(openAiRequest) ?? DefaultMaxTokens,
            ["messages"] = turns.ToArray(),
        };
        if (system.Count > 0)
        {
            body["system"] = string.Join("\n\n", system);
        }

        AddTools(openAiRequest, body);
        if (OpenAiChat.Stops(openAiRequest) is { Count: > 0 } stops)
        {
            body["stop_sequences"] = new JsonArray([.. stops.Select(s => JsonValue.Create(s))]);
        }

        foreach (var name in new[] { "temperature", "top_p" })
        {
            if (OpenAiChat.Number(openAiRequest, name) is { } value)
            {
                body[name] = value;
            }
        }

        if (context.Stream)
        {
            body["stream"] = true;
        }

        return new ProviderChatRequest("messages", body);
    }

    /// <inheritdoc />
    public JsonObject FromProvider(JsonNode providerAnswer, ChatDialectContext context)
    {
        var text = new StringBuilder();
        var toolCalls = new JsonArray();
        foreach (var block in (providerAnswer["content"] as JsonArray ?? []).OfType<JsonObject>())
        {
            switch ((string?)block["type"])
            {
                case "text":
                    text.Append((string?)block["text"]);
                    break;
                case "tool_use":
                    toolCalls.Add(OpenAiChat.ToolCall((string?)block["id"] ?? "", (string?)block["name"] ?? "", block["input"]?.ToJsonString() ?? "{}"));
                    break;
            }
        }

        return OpenAiChat.Completion(
            (string?)providerAnswer["id"] ?? OpenAiChat.NewId(), context.Alias, OpenAiChat.TextOrNull(text), toolCalls,
            FinishReason((string?)providerAnswer["stop_reason"]), Usage(providerAnswer["usage"]));
    }

    /// <inheritdoc />
    public IAsyncEnumerable<JsonObject> FromProviderStream(Stream providerStream, ChatDialectContext context, CancellationToken cancellationToken) =>
        new AnthropicStream(context.Alias).ReadAsync(providerStream, cancellationToken);

    /// <summary>OpenAI's finish reason for Anthropic's <c>stop_reason</c>.</summary>
    internal static string FinishReason(string? stopReason) => stopReason switch
    {
        "tool_use" => "tool_calls",
        "max_tokens" or "model_context_window_exceeded" => "length",
        "refusal" => "content_filter",
        _ => "stop",
    };

    /// <summary>OpenAI's usage for Anthropic's; cached input counts as prompt tokens.</summary>
    internal static JsonObject Usage(JsonNode? usage) => OpenAiChat.Usage(
        (OpenAiChat.Int(usage?["input_tokens"]) ?? 0)
            + (OpenAiChat.Int(usage?["cache_creation_input_tokens"]) ?? 0)
            + (OpenAiChat.Int(usage?["cache_read_input_tokens"]) ?? 0),
        OpenAiChat.Int(usage?["output_tokens"]) ?? 0);

    private static List<JsonNode> AssistantBlocks(JsonObject message)
    {
        var blocks = new List<JsonNode>();
        if (OpenAiChat.Text(message["content"]) is { Length: > 0 } text)
        {
            blocks.Add(Text(text));
        }

        foreach (var call in (message["tool_calls"] as JsonArray ?? []).OfType<JsonObject>())
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "tool_use",
                ["id"] = (string?)call["id"],
                ["name"] = (string?)call["function"]?["name"],
                ["input"] = OpenAiChat.Arguments((string?)call["function"]?["arguments"]),
            });
        }

        return blocks;
    }

    private static void AddTools(JsonObject request, JsonObject body)
    {
        var functions = OpenAiChat.Functions(request);
        if (functions.Count > 0)
        {
            body["tools"] = new JsonArray([.. functions.Select(f =>
            {
                var tool = new JsonObject { ["name"] = (string?)f["name"], ["input_schema"] = OpenAiChat.Parameters(f) };
                if ((string?)f["description"] is { } description)
                {
                    tool["description"] = description;
                }

                return (JsonNode)tool;
            })]);
        }

        var choice = OpenAiChat.ToolChoice(request) switch
        {
            ("auto", _) => new JsonObject { ["type"] = "auto" },
            ("required", _) => new JsonObject { ["type"] = "any" },
            ("none", _) => new JsonObject { ["type"] = "none" },
            ("function", var name) => new JsonObject { ["type"] = "tool", ["name"] = name },
            _ => null,
        };
        if (choice is not null)
        {
            body["tool_choice"] = choice;
        }
    }

    private static JsonObject Text(string text) => new() { ["type"] = "text", ["text"] = text };
}
