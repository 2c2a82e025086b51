using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentHub.Core.Gateway;

/// <summary>
/// Reads the store's <see cref="GatewayStamp"/> once a second and drops the directory's snapshot
/// when another instance changed something, so every instance follows within a second without a
/// query per request.
/// </summary>
public sealed class GatewayDirectoryRefresher(GatewayDirectory directory, ILogger<GatewayDirectoryRefresher> logger) : BackgroundService
{
    /// <summary>How often the stamp is read.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        var failing = false;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var version = await directory.ReadVersionAsync(stoppingToken);
                if (directory.LoadedVersion is { } loaded && loaded != version)
                {
                    directory.Invalidate();
                }

                failing = false;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Said once per outage, not once a second.
                if (!failing)
                {
                    logger.LogWarning(e, "Could not read the gateway's change stamp; agent keys and models may be up to date only in this instance until it can");
                }

                failing = true;
            }
        }
    }
}
