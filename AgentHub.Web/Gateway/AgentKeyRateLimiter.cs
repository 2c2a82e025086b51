using System.Globalization;
using System.Threading.RateLimiting;
using AgentHub.Core.AgentKeys;

namespace AgentHub.Web.Gateway;

/// <summary>
/// Each agent key's <c>Requests per minute</c>: a sliding one-minute window (six ten-second
/// segments) per key, from ASP.NET Core's rate limiting library. It is asked after the key is
/// recognised, because only then is its limit known (the rate limiting middleware chooses its
/// partition synchronously, before any endpoint code could recognise the key without blocking).
/// A changed limit starts a fresh window; keys without a limit are not counted.
/// </summary>
public sealed class AgentKeyRateLimiter : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const int Segments = 6;

    private readonly PartitionedRateLimiter<AgentKeyLimit> _limiter = PartitionedRateLimiter.Create<AgentKeyLimit, AgentKeyLimit>(
        key => RateLimitPartition.GetSlidingWindowLimiter(key, k => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = k.PerMinute,
            Window = Window,
            SegmentsPerWindow = Segments,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Null when the key may make this request now; else the seconds to wait, for <c>Retry-After</c>.</summary>
    public string? TryAcquire(AgentKeyIdentity key)
    {
        if (key.RequestsPerMinute is not { } perMinute || perMinute <= 0)
        {
            return null;
        }

        using var lease = _limiter.AttemptAcquire(new AgentKeyLimit(key.Id, perMinute));
        if (lease.IsAcquired)
        {
            return null;
        }

        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : Window / Segments;
        return Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>The partition: one key at one limit.</summary>
    private readonly record struct AgentKeyLimit(Guid KeyId, int PerMinute);
}
