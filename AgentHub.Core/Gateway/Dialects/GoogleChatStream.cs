using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace AgentHub.Core.Gateway.Dialects;

/// <summary>
/// Google's streamed answer (<c>alt=sse</c>: each <c>data:</c> is a whole GenerateContentResponse) as OpenAI
/// chunks. A function call arrives whole, so it becomes one tool-call delta with its arguments; the
/// finish reason and the last <c>usageMetadata</c> close the stream.
/// </summary>
/// <param name="alias">The model name the agent used.</param>
internal sealed class GoogleChatStream(string alias)
{
    private string? _id;
    private int _toolCalls;
    private JsonNode? _last;
    private JsonNode? _usage;

    /// <summary>The chunks for the responses of <paramref name="stream"/>.</summary>
    public async IAsyncEnumerable<JsonObject> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var sse in SseReader.ReadAsync(stream, cancellationToken))
        {
            var response = JsonNode.Parse(sse.Data) as JsonObject ?? [];
            if (response["error"] is JsonObject error)
            {
                throw new ChatStreamException($"{(string?)error["status"] ?? "error"}: {(string?)error["message"]}");
            }

            if (_id is null)
            {
                _id = (string?)response["responseId"] ?? OpenAiChat.NewId();
                yield return OpenAiChat.Chunk(_id, alias, new JsonObject { ["role"] = "assistant", ["content"] = "" });
            }

            foreach (var delta in Deltas(response))
            {
                yield return OpenAiChat.Chunk(_id, alias, delta);
            }

            _usage = response["usageMetadata"] ?? _usage;
            if (response["candidates"]?[0]?["finishReason"] is not null || response["promptFeedback"]?["blockReason"] is not null)
            {
                _last = response;
            }
        }

        if (_id is null || _last is null)
        {
            throw new ChatStreamException("The provider's stream ended without a finish reason.", reportedByProvider: false);
        }

        yield return OpenAiChat.Chunk(_id, alias, [], GoogleChatDialect.FinishReason(_last, _toolCalls > 0));
        yield return OpenAiChat.UsageChunk(_id, alias, _usage is null ? null : GoogleChatDialect.Usage(_usage));
    }

    private IEnumerable<JsonObject> Deltas(JsonObject response)
    {
        foreach (var part in (response["candidates"]?[0]?["content"]?["parts"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (part["functionCall"] is JsonObject call)
            {
                var name = (string?)call["name"] ?? "";
                var index = _toolCalls++;
                yield return OpenAiChat.ToolCallStart(index, GoogleChatDialect.ToolCallId(index, name), name, call["args"]?.ToJsonString() ?? "{}");
            }
            else if (part["thought"] is null && (string?)part["text"] is { Length: > 0 } text)
            {
                yield return new JsonObject { ["content"] = text };
            }
        }
    }
}
