using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace AgentHub.Core.Usage;

/// <summary>
/// The request path's side of usage: a bounded in-memory queue that never waits and never touches
/// the store. When it is full the call is dropped from the record and counted (per team, and for
/// the next flush's warning); <see cref="UsageWriter"/> drains it in batches.
/// </summary>
public sealed class UsageRecorder
{
    private readonly Channel<UsageRecord> _queue;
    private readonly ConcurrentDictionary<Guid, long> _droppedByTeam = new();
    private readonly TimeProvider _time;
    private long _droppedSinceReport;

    public UsageRecorder(IOptions<AgentHubOptions> options, TimeProvider time)
    {
        _time = time;
        _queue = Channel.CreateBounded<UsageRecord>(
            new BoundedChannelOptions(options.Value.Usage.QueueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropWrite,
                SingleReader = false,
                SingleWriter = false,
            },
            Dropped);
    }

    /// <summary>Starts watching a call that has just arrived.</summary>
    public UsageMeter Start() => new(_time);

    /// <summary>Queues the call's record (nothing for a call no key was recognised for).</summary>
    public void Record(UsageMeter meter, int status, string? errorClass)
    {
        if (meter.Complete(status, errorClass) is { } record)
        {
            _queue.Writer.TryWrite(record);
        }
    }

    /// <summary>Calls of the team left out of the record since the app started because the queue was full.</summary>
    public long DroppedFor(Guid teamId) => _droppedByTeam.GetValueOrDefault(teamId);

    internal ChannelReader<UsageRecord> Reader => _queue.Reader;

    /// <summary>The drops since the last call, for one warning per flush.</summary>
    internal long TakeDroppedCount() => Interlocked.Exchange(ref _droppedSinceReport, 0);

    private void Dropped(UsageRecord record)
    {
        Interlocked.Increment(ref _droppedSinceReport);
        _droppedByTeam.AddOrUpdate(record.TeamId, 1, (_, n) => n + 1);
    }
}
