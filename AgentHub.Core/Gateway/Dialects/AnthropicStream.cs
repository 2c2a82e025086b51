using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace AgentHub.Core.Gateway.Dialects;

/// <summary>
/// Anthropic's streamed Messages events as OpenAI chunks: text deltas as content, each <c>tool_use</c>
/// block as one tool call (id and name first, then its <c>input_json_delta</c> fragments), the
/// <c>message_delta</c>'s stop reason and usage at the end.
/// </summary>
/// <param name="alias">The model name the agent used.</param>
internal sealed class AnthropicStream(string alias)
{
    private readonly Dictionary<int, int> _toolIndexByBlock = [];
    private string _id = OpenAiChat.NewId();
    private JsonObject _usage = [];
    private string? _stopReason;

    /// <summary>The chunks for the events of <paramref name="stream"/>.</summary>
    public async IAsyncEnumerable<JsonObject> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var sse in SseReader.ReadAsync(stream, cancellationToken))
        {
            var data = JsonNode.Parse(sse.Data) as JsonObject ?? [];
            var type = (string?)data["type"] ?? sse.Name;
            if (type == "message_stop")
            {
                yield return OpenAiChat.Chunk(_id, alias, [], AnthropicDialect.FinishReason(_stopReason));
                yield return OpenAiChat.UsageChunk(_id, alias, AnthropicDialect.Usage(_usage));
                yield break;
            }

            if (Translate(type, data) is { } delta)
            {
                yield return OpenAiChat.Chunk(_id, alias, delta);
            }
        }

        throw new ChatStreamException("The provider's stream ended before message_stop.", reportedByProvider: false);
    }

    private JsonObject? Translate(string? type, JsonObject data)
    {
        switch (type)
        {
            case "message_start":
                _id = (string?)data["message"]?["id"] ?? _id;
                Merge(data["message"]?["usage"]);
                return new JsonObject { ["role"] = "assistant", ["content"] = "" };
            case "content_block_start" when data["content_block"] is JsonObject { } block && (string?)block["type"] == "tool_use":
                var toolIndex = _toolIndexByBlock.Count;
                _toolIndexByBlock[OpenAiChat.Int(data["index"]) ?? 0] = toolIndex;
                return OpenAiChat.ToolCallStart(toolIndex, (string?)block["id"] ?? "", (string?)block["name"] ?? "");
            case "content_block_delta":
                return Delta(OpenAiChat.Int(data["index"]) ?? 0, data["delta"]);
            case "message_delta":
                _stopReason = (string?)data["delta"]?["stop_reason"] ?? _stopReason;
                Merge(data["usage"]);
                return null;
            case "error":
                throw new ChatStreamException($"{(string?)data["error"]?["type"] ?? "error"}: {(string?)data["error"]?["message"]}");
            default:
                return null;
        }
    }

    private JsonObject? Delta(int blockIndex, JsonNode? delta) => (string?)delta?["type"] switch
    {
        "text_delta" => new JsonObject { ["content"] = (string?)delta!["text"] ?? "" },
        "input_json_delta" when _toolIndexByBlock.TryGetValue(blockIndex, out var toolIndex) =>
            OpenAiChat.ToolCallArguments(toolIndex, (string?)delta!["partial_json"] ?? ""),
        _ => null,
    };

    /// <summary>Keeps the latest value of each usage count (message_delta's counts are cumulative).</summary>
    private void Merge(JsonNode? usage)
    {
        foreach (var (name, value) in usage as JsonObject ?? [])
        {
            if (OpenAiChat.Int(value) is { } count)
            {
                _usage[name] = count;
            }
        }
    }
}
