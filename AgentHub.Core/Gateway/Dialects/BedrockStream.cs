using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;

namespace AgentHub.Core.Gateway.Dialects;

/// <summary>
/// Bedrock's ConverseStream events as OpenAI chunks: text deltas as content, a <c>toolUse</c> block start
/// as a tool call with its id and name, its <c>input</c> fragments as argument deltas, the stop reason
/// from <c>messageStop</c> and the usage from <c>metadata</c>. An exception message ends the stream
/// with <see cref="ChatStreamException"/>.
/// </summary>
/// <param name="alias">The model name the agent used.</param>
internal sealed class BedrockStream(string alias)
{
    private readonly string _id = OpenAiChat.NewId();
    private readonly Dictionary<int, int> _toolIndexByBlock = [];
    private string? _stopReason;
    private JsonNode? _usage;

    /// <summary>The chunks for the event stream <paramref name="stream"/>.</summary>
    public async IAsyncEnumerable<JsonObject> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var message in EventStreamReader.ReadAsync(stream, cancellationToken))
        {
            var payload = message.Payload.Length == 0 ? [] : JsonNode.Parse(Encoding.UTF8.GetString(message.Payload)) as JsonObject ?? [];
            if (message.Header(":message-type") is "exception" or "error")
            {
                var type = message.Header(":exception-type") ?? message.Header(":error-code") ?? "error";
                throw new ChatStreamException($"{type}: {(string?)payload["message"] ?? (string?)payload["Message"] ?? message.Header(":error-message")}");
            }

            if (Translate(message.Header(":event-type"), payload) is { } delta)
            {
                yield return OpenAiChat.Chunk(_id, alias, delta);
            }
        }

        if (_stopReason is null)
        {
            throw new ChatStreamException("The provider's stream ended before messageStop.", reportedByProvider: false);
        }

        yield return OpenAiChat.Chunk(_id, alias, [], BedrockDialect.FinishReason(_stopReason));
        yield return OpenAiChat.UsageChunk(_id, alias, _usage is null ? null : BedrockDialect.Usage(_usage));
    }

    private JsonObject? Translate(string? eventType, JsonObject payload)
    {
        var blockIndex = OpenAiChat.Int(payload["contentBlockIndex"]) ?? 0;
        var toolStart = payload["start"]?["toolUse"] as JsonObject;
        var toolInput = payload["delta"]?["toolUse"] as JsonObject;
        var text = payload["delta"]?["text"] as JsonValue;
        switch (eventType)
        {
            case "messageStart":
                return new JsonObject { ["role"] = "assistant", ["content"] = "" };
            case "contentBlockStart" when toolStart is not null:
                var toolIndex = _toolIndexByBlock.Count;
                _toolIndexByBlock[blockIndex] = toolIndex;
                return OpenAiChat.ToolCallStart(toolIndex, (string?)toolStart["toolUseId"] ?? "", (string?)toolStart["name"] ?? "");
            case "contentBlockDelta" when toolInput is not null && _toolIndexByBlock.TryGetValue(blockIndex, out var index):
                return OpenAiChat.ToolCallArguments(index, (string?)toolInput["input"] ?? "");
            case "contentBlockDelta" when text is not null:
                return new JsonObject { ["content"] = (string?)text };
            case "messageStop":
                _stopReason = (string?)payload["stopReason"] ?? "end_turn";
                return null;
            case "metadata":
                _usage = payload["usage"]?.DeepClone();
                return null;
            default:
                return null;
        }
    }
}
