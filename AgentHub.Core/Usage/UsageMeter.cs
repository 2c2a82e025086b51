using System.Text.Json.Nodes;
using AgentHub.Core.AgentKeys;

namespace AgentHub.Core.Usage;

/// <summary>
/// Watches one gateway call as it runs (which key and model, when the first token left, what the
/// provider counted) and becomes its <see cref="UsageRecord"/> at the end. One per call, one thread at a time.
/// </summary>
public sealed class UsageMeter(TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();
    private readonly DateTime _at = time.GetUtcNow().UtcDateTime;
    private TimeSpan? _firstToken;

    /// <summary>The key that called, once recognised; calls without one are not recorded.</summary>
    public AgentKeyIdentity? Key { get; set; }

    public string? ModelAlias { get; set; }

    public string? ProviderId { get; set; }

    public bool Streamed { get; set; }

    public int? InputTokens { get; private set; }

    public int? OutputTokens { get; private set; }

    /// <summary>Marks the first content chunk of a stream (later calls change nothing).</summary>
    public void FirstToken() => _firstToken ??= time.GetElapsedTime(_started);

    /// <summary>Reads OpenAI's <c>usage</c> (every dialect reports the provider's own counts in it) when the object has one.</summary>
    public void ReadUsage(JsonObject answer)
    {
        if (answer["usage"] is not JsonObject usage)
        {
            return;
        }

        InputTokens = Count(usage["prompt_tokens"]) ?? InputTokens;
        OutputTokens = Count(usage["completion_tokens"]) ?? OutputTokens;
    }

    /// <summary>The record of the call, ended now with <paramref name="status"/> and, for a failure, its class.</summary>
    public UsageRecord? Complete(int status, string? errorClass) => Key is not { } key ? null : new UsageRecord
    {
        TeamId = key.TeamId,
        AgentKeyId = key.Id,
        At = _at,
        ModelAlias = ModelAlias is { Length: > 200 } tooLong ? tooLong[..200] : ModelAlias,
        ProviderId = ProviderId,
        Status = status,
        ErrorClass = errorClass,
        Streamed = Streamed,
        LatencyMs = time.GetElapsedTime(_started).TotalMilliseconds,
        TimeToFirstTokenMs = _firstToken?.TotalMilliseconds,
        InputTokens = InputTokens,
        OutputTokens = OutputTokens,
    };

    private static int? Count(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var n) ? n : null;
}
