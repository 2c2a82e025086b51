using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentHub.Core.Usage;

/// <summary>
/// Flushes the usage queue every second, deletes expired usage every hour, and flushes what is
/// left when the app stops.
/// </summary>
public sealed class UsageFlushService(UsageWriter writer, TimeProvider time, ILogger<UsageFlushService> logger) : BackgroundService
{
    /// <summary>How often the queue is written.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    /// <summary>How often expired rows are deleted.</summary>
    public static readonly TimeSpan RetentionInterval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextCleanup = time.GetUtcNow();
        using var timer = new PeriodicTimer(FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunAsync(() => writer.FlushAsync(stoppingToken), "write usage");
                if (time.GetUtcNow() >= nextCleanup)
                {
                    nextCleanup = time.GetUtcNow() + RetentionInterval;
                    await RunAsync(() => writer.DeleteExpiredAsync(stoppingToken), "delete expired usage");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // What the last second queued is written before the app ends, unless the host stops without waiting.
        try
        {
            await RunAsync(() => writer.FlushAsync(cancellationToken), "write usage at shutdown");
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("The app stopped before the last usage rows were written");
        }
    }

    private async Task RunAsync(Func<Task<int>> work, string what)
    {
        try
        {
            await work();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The queue keeps what was not read; a failed batch is lost, and said so.
            logger.LogError(e, "Could not {What}", what);
        }
    }
}
