using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentHub.Core.Alerts;

/// <summary>Runs <see cref="AlertDeliveryService.DeliverDueAsync"/> every few seconds while the app runs.</summary>
public sealed class AlertDeliveryLoop(AlertDeliveryService deliveries, TimeProvider time, ILogger<AlertDeliveryLoop> logger) : BackgroundService
{
    /// <summary>How often due messages are looked for.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await deliveries.DeliverDueAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The rows stay due: the next pass tries again.
                    logger.LogError(e, "Could not deliver alerts");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
