using Ids = AgentHub.Core.Providers.ProviderIds;
using System.Text;
using System.Text.Json.Nodes;

namespace AgentHub.Core.Gateway.Dialects;

/// <summary>
/// AWS Bedrock's Converse API (<c>model/{id}/converse</c>, streamed with <c>converse-stream</c> in AWS event
/// stream frames): content blocks <c>text</c>/<c>toolUse</c>/<c>toolResult</c>, <c>system</c>,
/// <c>inferenceConfig</c> and <c>toolConfig</c>. Bedrock has no "none" tool choice: for <c>none</c> the tools
/// are left out, unless the conversation already holds tool blocks (Bedrock then requires the tools),
/// in which case they are sent with no choice, leaving the model free.
/// </summary>
public sealed class BedrockDialect : IChatDialect
{
    /// <inheritdoc />
    public IReadOnlyList<string> ProviderIds { get; } = [Ids.Bedrock];

    /// <inheritdoc />
    public ProviderChatRequest ToProvider(JsonObject openAiRequest, ChatDialectContext context)
    {
        var system = new JsonArray();
        var turns = new TurnList("content");
        var hasToolBlocks = false;
        foreach (var message in (openAiRequest["messages"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var text = OpenAiChat.Text(message["content"]);
            switch ((string?)message["role"])
            {
                case "system" or "developer":
                    system.Add(new JsonObject { ["text"] = text });
                    break;
                case "assistant":
                    var blocks = AssistantBlocks(message, text);
                    hasToolBlocks |= blocks.Any(b => b["toolUse"] is not null);
                    turns.Add("assistant", blocks);
                    break;
                case "tool":
                    hasToolBlocks = true;
                    turns.Add("user", [ToolResult(message, text)]);
                    break;
                default:
                    turns.Add("user", [new JsonObject { ["text"] = text }]);
                    break;
            }
        }

        var body = new JsonObject { ["messages"] = turns.ToArray() };
        if (system.Count > 0)
        {
            body["system"] = system;
        }

        if (InferenceConfig(openAiRequest) is { Count: > 0 } config)
        {
            body["inferenceConfig"] = config;
        }

        if (ToolConfig(openAiRequest, hasToolBlocks) is { } tools)
        {
            body["toolConfig"] = tools;
        }

        var method = context.Stream ? "converse-stream" : "converse";
        return new ProviderChatRequest($"model/{Uri.EscapeDataString(context.ModelId)}/{method}", body);
    }

    /// <inheritdoc />
    public JsonObject FromProvider(JsonNode providerAnswer, ChatDialectContext context)
    {
        var text = new StringBuilder();
        var toolCalls = new JsonArray();
        foreach (var block in (providerAnswer["output"]?["message"]?["content"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (block["toolUse"] is JsonObject use)
            {
                toolCalls.Add(OpenAiChat.ToolCall((string?)use["toolUseId"] ?? "", (string?)use["name"] ?? "", use["input"]?.ToJsonString() ?? "{}"));
            }
            else
            {
                text.Append((string?)block["text"]);
            }
        }

        return OpenAiChat.Completion(
            OpenAiChat.NewId(), context.Alias, OpenAiChat.TextOrNull(text), toolCalls,
            FinishReason((string?)providerAnswer["stopReason"]), Usage(providerAnswer["usage"]));
    }

    /// <inheritdoc />
    public IAsyncEnumerable<JsonObject> FromProviderStream(Stream providerStream, ChatDialectContext context, CancellationToken cancellationToken) =>
        new BedrockStream(context.Alias).ReadAsync(providerStream, cancellationToken);

    /// <summary>OpenAI's finish reason for Bedrock's <c>stopReason</c>.</summary>
    internal static string FinishReason(string? stopReason) => stopReason switch
    {
        "tool_use" => "tool_calls",
        "max_tokens" or "model_context_window_exceeded" => "length",
        "guardrail_intervened" or "content_filtered" => "content_filter",
        _ => "stop",
    };

    /// <summary>OpenAI's usage for Bedrock's <c>usage</c>.</summary>
    internal static JsonObject Usage(JsonNode? usage) =>
        OpenAiChat.Usage(OpenAiChat.Int(usage?["inputTokens"]) ?? 0, OpenAiChat.Int(usage?["outputTokens"]) ?? 0);

    private static List<JsonNode> AssistantBlocks(JsonObject message, string text)
    {
        // Bedrock refuses blank text blocks.
        var blocks = new List<JsonNode>();
        if (!string.IsNullOrWhiteSpace(text))
        {
            blocks.Add(new JsonObject { ["text"] = text });
        }

        foreach (var call in (message["tool_calls"] as JsonArray ?? []).OfType<JsonObject>())
        {
            blocks.Add(new JsonObject
            {
                ["toolUse"] = new JsonObject
                {
                    ["toolUseId"] = (string?)call["id"],
                    ["name"] = (string?)call["function"]?["name"],
                    ["input"] = OpenAiChat.Arguments((string?)call["function"]?["arguments"]),
                },
            });
        }

        return blocks;
    }

    private static JsonObject ToolResult(JsonObject message, string text)
    {
        JsonNode content = OpenAiChat.ParseObject(text) is { } json ? new JsonObject { ["json"] = json } : new JsonObject { ["text"] = text };
        return new JsonObject
        {
            ["toolResult"] = new JsonObject
            {
                ["toolUseId"] = (string?)message["tool_call_id"],
                ["content"] = new JsonArray(content),
                ["status"] = "success",
            },
        };
    }

    private static JsonObject InferenceConfig(JsonObject request)
    {
        var config = new JsonObject();
        if (OpenAiChat.MaxTokens(request) is { } max)
        {
            config["maxTokens"] = max;
        }

        foreach (var (from, to) in new[] { ("temperature", "temperature"), ("top_p", "topP") })
        {
            if (OpenAiChat.Number(request, from) is { } value)
            {
                config[to] = value;
            }
        }

        if (OpenAiChat.Stops(request) is { Count: > 0 } stops)
        {
            config["stopSequences"] = new JsonArray([.. stops.Select(s => JsonValue.Create(s))]);
        }

        return config;
    }

    private static JsonObject? ToolConfig(JsonObject request, bool hasToolBlocks)
    {
        var functions = OpenAiChat.Functions(request);
        var choice = OpenAiChat.ToolChoice(request);
        if (functions.Count == 0 || (choice is ("none", _) && !hasToolBlocks))
        {
            return null;
        }

        var config = new JsonObject
        {
            ["tools"] = new JsonArray([.. functions.Select(f =>
            {
                var spec = new JsonObject { ["name"] = (string?)f["name"], ["inputSchema"] = new JsonObject { ["json"] = OpenAiChat.Parameters(f) } };
                if ((string?)f["description"] is { } description)
                {
                    spec["description"] = description;
                }

                return (JsonNode)new JsonObject { ["toolSpec"] = spec };
            })]),
        };
        JsonObject? toolChoice = choice switch
        {
            ("auto", _) => new JsonObject { ["auto"] = new JsonObject() },
            ("required", _) => new JsonObject { ["any"] = new JsonObject() },
            ("function", var name) => new JsonObject { ["tool"] = new JsonObject { ["name"] = name } },
            _ => null,
        };
        if (toolChoice is not null)
        {
            config["toolChoice"] = toolChoice;
        }

        return config;
    }
}
