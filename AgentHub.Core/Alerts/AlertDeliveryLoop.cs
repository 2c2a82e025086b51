using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentHub.Core.Alerts;

/// <summary>
/// Runs <see cref="AlertDeliveryService.DeliverDueAsync"/> every few seconds while the app runs, and
/// <see cref="AlertDeliveryService.DeleteFinishedAsync"/> at most once an hour.
/// </summary>
public sealed class AlertDeliveryLoop(AlertDeliveryService deliveries, TimeProvider time, ILogger<AlertDeliveryLoop> logger) : BackgroundService
{
    /// <summary>How often due messages are looked for.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>How often finished messages past the retention are deleted.</summary>
    public static readonly TimeSpan RetentionInterval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextCleanup = time.GetUtcNow();
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (time.GetUtcNow() >= nextCleanup)
                {
                    nextCleanup = time.GetUtcNow() + RetentionInterval;
                    await RunAsync(() => deliveries.DeleteFinishedAsync(stoppingToken), "delete old alert messages");
                }

                // The rows stay due after a failure: the next pass tries again.
                await RunAsync(() => deliveries.DeliverDueAsync(stoppingToken), "deliver alerts");
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
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
            logger.LogError(e, "Could not {What}", what);
        }
    }
}
