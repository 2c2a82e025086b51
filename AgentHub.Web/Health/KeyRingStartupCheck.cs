using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentHub.Web.Health;

/// <summary>Runs the key ring check once at start, so a damaged ring is named in the log before the first request.</summary>
internal static class KeyRingStartupCheck
{
    /// <summary>Loads the key ring now and logs what it found; never stops the app (the health check keeps reporting).</summary>
    public static async Task CheckKeyRingAtStartAsync(this HealthCheckService health, ILogger logger)
    {
        var report = await health.CheckHealthAsync(check => check.Name == "key-ring");
        var entry = report.Entries.Values.FirstOrDefault();
        if (entry.Status == HealthStatus.Healthy)
        {
            logger.LogInformation("Key ring loaded.");
            return;
        }

        logger.LogError("Key ring {Status} at start: {Problem}", entry.Status, entry.Description);
    }
}
