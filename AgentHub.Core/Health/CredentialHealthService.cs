using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentHub.Core.Health;

/// <summary>Runs a round of <see cref="CredentialHealthChecks"/> every <c>AgentHub:Health:PollInterval</c> on the app's clock.</summary>
public sealed class CredentialHealthService(
    CredentialHealthChecks checks, IOptionsMonitor<AgentHubOptions> options, TimeProvider time, ILogger<CredentialHealthService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(options.CurrentValue.Health.PollInterval, time, stoppingToken);
                try
                {
                    await checks.RunDueChecksAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next round tries again; a credential whose lease was taken is freed when it lapses.
                    logger.LogError(e, "Could not run the scheduled credential checks");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
