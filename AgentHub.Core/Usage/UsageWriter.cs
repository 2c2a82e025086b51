using AgentHub.Core.Gateway;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentHub.Core.Usage;

/// <summary>
/// Moves queued usage into the store: batches of up to <see cref="BatchSize"/> rows, each in one
/// transaction with the agent keys' last-used times; deletes rows older than the retention.
/// </summary>
public sealed class UsageWriter(
    UsageRecorder recorder,
    IDbContextFactory<AgentHubDbContext> factory,
    IOptionsMonitor<AgentHubOptions> options,
    TimeProvider time,
    ILogger<UsageWriter> logger)
{
    /// <summary>
    /// The most rows a transaction holds when a flush finds a short queue. Small, and the writer lets other work run
    /// between two batches: a second's calls written as one transaction of up to 500 rows held the gateway's one core
    /// long enough to show in its p99 (paced at 500 calls a second: 2.8–2.9 ms against 2.3–2.4 ms as batches of 50;
    /// docs/performance.md, thirteenth session).
    /// </summary>
    public const int BatchSize = 50;

    /// <summary>
    /// The most rows a transaction holds when a flush finds <see cref="BusyQueue"/> rows or more, written back to back:
    /// the writer as it was before the small batches, which keeps ahead of about 10,000 calls a second on one core; small
    /// yielding batches fell behind there and the queue overflowed.
    /// </summary>
    public const int BusyBatchSize = 500;

    /// <summary>The queue length from which a flush writes <see cref="BusyBatchSize"/> batches.</summary>
    public const int BusyQueue = 1_000;

    // One flush at a time: a caller (shutdown, a test) returns only after a batch another flush had
    // already taken from the queue is written too.
    private readonly SemaphoreSlim _flushing = new(1, 1);

    /// <summary>Writes everything queued now (waiting for a flush already under way); returns how many rows this call wrote.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken = default)
    {
        // Not cancelled by the token: at shutdown the token may already be cancelled, and an empty
        // queue must still be "flushed" without an exception (the write itself honours the token).
        await _flushing.WaitAsync(CancellationToken.None);
        try
        {
            return await FlushQueuedAsync(cancellationToken);
        }
        finally
        {
            _flushing.Release();
        }
    }

    private async Task<int> FlushQueuedAsync(CancellationToken cancellationToken)
    {
        var written = 0;
        var batch = new List<UsageRecord>(BusyBatchSize);
        while (true)
        {
            // Decided batch by batch: a queue that grows while it is written switches to large batches back to back.
            var busy = recorder.Reader.Count >= BusyQueue;
            var size = busy ? BusyBatchSize : BatchSize;
            batch.Clear();
            while (batch.Count < size && recorder.Reader.TryRead(out var record))
            {
                batch.Add(record);
            }

            if (batch.Count == 0)
            {
                break;
            }

            await WriteAsync(batch, cancellationToken);
            written += batch.Count;
            if (!busy)
            {
                // Calls first: the store's calls complete synchronously on SQLite, so without this the batches run back to back.
                // Not when busy: at saturation the calls crowd a yielding writer out, and the queue overflowed (measured).
                await Task.Yield();
            }
        }

        if (recorder.TakeDroppedCount() is > 0 and var dropped)
        {
            logger.LogWarning("The usage queue was full: {DroppedCount} gateway calls were not recorded (AgentHub:Usage:QueueCapacity is {Capacity})",
                dropped, options.CurrentValue.Usage.QueueCapacity);
        }

        return written;
    }

    /// <summary>Deletes usage older than <c>AgentHub:Usage:Retention</c>; returns how many rows went.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - options.CurrentValue.Usage.Retention;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var deleted = await db.Set<UsageRecord>().Where(r => r.At < cutoff).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Count} usage rows older than {Cutoff:u}", deleted, cutoff);
        }

        return deleted;
    }

    private async Task WriteAsync(List<UsageRecord> batch, CancellationToken cancellationToken)
    {
        // Usage rows and last-used times change nothing the gateway resolves: its snapshot stays.
        await using var db = GatewayChangeInterceptor.ForWritesTheGatewayIgnores(await factory.CreateDbContextAsync(cancellationToken));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await UsageRowInserter.InsertAsync(db, transaction, batch, cancellationToken);
        foreach (var (keyId, last) in batch.GroupBy(r => r.AgentKeyId).Select(g => (g.Key, g.Max(r => r.At))))
        {
            await db.AgentKeys
                .Where(k => k.Id == keyId && (k.LastUsedAt == null || k.LastUsedAt < last))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, last), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
