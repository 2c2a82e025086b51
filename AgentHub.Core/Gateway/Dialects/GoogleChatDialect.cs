using System.Text;
using System.Text.Json.Nodes;

namespace AgentHub.Core.Gateway.Dialects;

/// <summary>
/// Google's <c>generateContent</c> body, shared by the Gemini API and Vertex AI: roles <c>user</c>/<c>model</c>,
/// parts <c>text</c>/<c>functionCall</c>/<c>functionResponse</c>, <c>systemInstruction</c>, <c>tools</c>,
/// <c>toolConfig</c> and <c>generationConfig</c>. Google gives function calls no ids, so the dialect makes
/// them (<see cref="ToolCallId"/>) and finds a tool result's function name from the assistant message
/// that made the call, else from the id itself.
/// </summary>
public abstract class GoogleChatDialect : IChatDialect
{
    /// <inheritdoc />
    public abstract IReadOnlyList<string> ProviderIds { get; }

    /// <summary>The model's path without the method, e.g. <c>models/gemini-2.5-flash</c>.</summary>
    protected abstract string ModelPath(ChatDialectContext context);

    /// <inheritdoc />
    public ProviderChatRequest ToProvider(JsonObject openAiRequest, ChatDialectContext context)
    {
        var messages = (openAiRequest["messages"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var system = new List<string>();
        var turns = new TurnList("parts");
        foreach (var message in messages)
        {
            switch ((string?)message["role"])
            {
                case "system" or "developer":
                    system.Add(OpenAiChat.Text(message["content"]));
                    break;
                case "assistant":
                    turns.Add("model", ModelParts(message));
                    break;
                case "tool":
                    turns.Add("user", [FunctionResponse(messages, message)]);
                    break;
                default:
                    turns.Add("user", [new JsonObject { ["text"] = OpenAiChat.Text(message["content"]) }]);
                    break;
            }
        }

        var body = new JsonObject { ["contents"] = turns.ToArray() };
        if (system.Count > 0)
        {
            body["systemInstruction"] = new JsonObject { ["parts"] = new JsonArray(new JsonObject { ["text"] = string.Join("\n\n", system) }) };
        }

        AddTools(openAiRequest, body);
        if (GenerationConfig(openAiRequest) is { Count: > 0 } config)
        {
            body["generationConfig"] = config;
        }

        var method = context.Stream ? ":streamGenerateContent?alt=sse" : ":generateContent";
        return new ProviderChatRequest(ModelPath(context) + method, body);
    }

    /// <inheritdoc />
    public JsonObject FromProvider(JsonNode providerAnswer, ChatDialectContext context)
    {
        var text = new StringBuilder();
        var toolCalls = new JsonArray();
        var candidate = providerAnswer["candidates"]?[0];
        foreach (var part in (candidate?["content"]?["parts"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (part["functionCall"] is JsonObject call)
            {
                var name = (string?)call["name"] ?? "";
                toolCalls.Add(OpenAiChat.ToolCall(ToolCallId(toolCalls.Count, name), name, call["args"]?.ToJsonString() ?? "{}"));
            }
            else if (part["thought"] is null)
            {
                text.Append((string?)part["text"]);
            }
        }

        return OpenAiChat.Completion(
            (string?)providerAnswer["responseId"] ?? OpenAiChat.NewId(), context.Alias, OpenAiChat.TextOrNull(text), toolCalls,
            FinishReason(providerAnswer, toolCalls.Count > 0), Usage(providerAnswer["usageMetadata"]));
    }

    /// <inheritdoc />
    public IAsyncEnumerable<JsonObject> FromProviderStream(Stream providerStream, ChatDialectContext context, CancellationToken cancellationToken) =>
        new GoogleChatStream(context.Alias).ReadAsync(providerStream, cancellationToken);

    /// <summary>The id given to the <paramref name="index"/>th function call of a reply: <c>call_{index}_{name}</c>.</summary>
    public static string ToolCallId(int index, string name) => $"call_{index}_{name}";

    /// <summary>OpenAI's finish reason for an answer; a STOP with function calls is <c>tool_calls</c>.</summary>
    internal static string FinishReason(JsonNode answer, bool hasToolCalls)
    {
        if (answer["candidates"] is not JsonArray { Count: > 0 } && answer["promptFeedback"]?["blockReason"] is not null)
        {
            return "content_filter";
        }

        return (string?)answer["candidates"]?[0]?["finishReason"] switch
        {
            "MAX_TOKENS" => "length",
            "SAFETY" or "RECITATION" or "BLOCKLIST" or "PROHIBITED_CONTENT" or "SPII" or "IMAGE_SAFETY" => "content_filter",
            _ => hasToolCalls ? "tool_calls" : "stop",
        };
    }

    /// <summary>OpenAI's usage for <c>usageMetadata</c>; thinking tokens count as completion tokens.</summary>
    internal static JsonObject Usage(JsonNode? usage) => OpenAiChat.Usage(
        OpenAiChat.Int(usage?["promptTokenCount"]) ?? 0,
        (OpenAiChat.Int(usage?["candidatesTokenCount"]) ?? 0) + (OpenAiChat.Int(usage?["thoughtsTokenCount"]) ?? 0));

    private static List<JsonNode> ModelParts(JsonObject message)
    {
        var parts = new List<JsonNode>();
        if (OpenAiChat.Text(message["content"]) is { Length: > 0 } text)
        {
            parts.Add(new JsonObject { ["text"] = text });
        }

        foreach (var call in (message["tool_calls"] as JsonArray ?? []).OfType<JsonObject>())
        {
            parts.Add(new JsonObject
            {
                ["functionCall"] = new JsonObject
                {
                    ["name"] = (string?)call["function"]?["name"],
                    ["args"] = OpenAiChat.Arguments((string?)call["function"]?["arguments"]),
                },
            });
        }

        return parts;
    }

    private static JsonObject FunctionResponse(List<JsonObject> messages, JsonObject toolMessage)
    {
        var id = (string?)toolMessage["tool_call_id"];
        var name = OpenAiChat.ToolName(messages, id) ?? NameFromId(id) ?? "";
        var content = OpenAiChat.Text(toolMessage["content"]);
        // functionResponse.response must be an object: a JSON object result is sent as is, anything else wrapped.
        var response = OpenAiChat.ParseObject(content) ?? new JsonObject { ["content"] = content };
        return new JsonObject { ["functionResponse"] = new JsonObject { ["name"] = name, ["response"] = response } };
    }

    /// <summary>The function name inside an id made by <see cref="ToolCallId"/>, or null for another id.</summary>
    private static string? NameFromId(string? id)
    {
        if (id is null || !id.StartsWith("call_", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = id["call_".Length..];
        var underscore = rest.IndexOf('_');
        return underscore > 0 && rest[..underscore].All(char.IsAsciiDigit) ? rest[(underscore + 1)..] : null;
    }

    private static void AddTools(JsonObject request, JsonObject body)
    {
        var functions = OpenAiChat.Functions(request);
        if (functions.Count > 0)
        {
            body["tools"] = new JsonArray(new JsonObject
            {
                ["functionDeclarations"] = new JsonArray([.. functions.Select(f =>
                {
                    // OpenAI's parameters are JSON Schema, which parametersJsonSchema takes as is (parameters takes an OpenAPI subset).
                    var declaration = new JsonObject { ["name"] = (string?)f["name"], ["parametersJsonSchema"] = OpenAiChat.Parameters(f) };
                    if ((string?)f["description"] is { } description)
                    {
                        declaration["description"] = description;
                    }

                    return (JsonNode)declaration;
                })]),
            });
        }

        var config = OpenAiChat.ToolChoice(request) switch
        {
            ("auto", _) => new JsonObject { ["mode"] = "AUTO" },
            ("required", _) => new JsonObject { ["mode"] = "ANY" },
            ("none", _) => new JsonObject { ["mode"] = "NONE" },
            ("function", var name) => new JsonObject { ["mode"] = "ANY", ["allowedFunctionNames"] = new JsonArray(name) },
            _ => null,
        };
        if (config is not null)
        {
            body["toolConfig"] = new JsonObject { ["functionCallingConfig"] = config };
        }
    }

    private static JsonObject GenerationConfig(JsonObject request)
    {
        var config = new JsonObject();
        foreach (var (from, to) in new[] { ("temperature", "temperature"), ("top_p", "topP") })
        {
            if (OpenAiChat.Number(request, from) is { } value)
            {
                config[to] = value;
            }
        }

        if (OpenAiChat.MaxTokens(request) is { } max)
        {
            config["maxOutputTokens"] = max;
        }

        if (OpenAiChat.Stops(request) is { Count: > 0 } stops)
        {
            config["stopSequences"] = new JsonArray([.. stops.Select(s => JsonValue.Create(s))]);
        }

        return config;
    }
}
