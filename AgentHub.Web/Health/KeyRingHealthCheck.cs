using AgentHub.Core.Persistence;
using AgentHub.Core.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AgentHub.Web.Health;

/// <summary>
/// Reports the key ring: unhealthy when nothing can be encrypted and decrypted with it, or when no
/// key file could be read at start (every stored secret needs re-entry); degraded while some key
/// files are unreadable (only the credentials they encrypted need re-entry). With the ring in the
/// database, unhealthy too when it holds keys this instance's certificate cannot decrypt: a different
/// certificate than the other instances', or a lost one (counted at most once a minute, <see cref="KeyRingAudit"/>).
/// </summary>
internal sealed class KeyRingHealthCheck(IDataProtectionProvider provider, KeyRingState state, KeyRingAudit audit, IOptions<AgentHubOptions> options) : IHealthCheck
{
    private readonly IDataProtector _probe = provider.CreateProtector("AgentHub.Health.KeyRing");

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (_probe.Unprotect(_probe.Protect("probe")) != "probe")
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("The key ring does not decrypt what it encrypts."));
            }
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException or InvalidOperationException
            or System.Data.Common.DbException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(state.KeysPath is { } path
                ? $"The key ring at {path} cannot be used ({e.GetType().Name}): check the folder exists and the app's user can write it."
                : $"The key ring in the database cannot be used ({e.GetType().Name}): check the database and the certificate (AgentHub:DataProtection:CertificatePath)."));
        }

        if (options.Value.Database.Provider == DatabaseProvider.PostgreSQL && audit.UndecryptableKeys() is > 0 and var count)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(
                $"{count} keys of the key ring in the database cannot be decrypted with the certificate of AgentHub:DataProtection:CertificatePath: " +
                "give every instance the certificate that encrypted them; until then the secrets they encrypted read Needs re-entry."));
        }

        var damaged = state.DamagedFiles;
        if (damaged.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy());
        }

        var description = $"Key files that cannot be read: {string.Join(", ", damaged)} in {state.KeysPath}. Restore them from a backup.";
        return Task.FromResult(state.NoKeyReadableAtStart ? HealthCheckResult.Unhealthy(description) : HealthCheckResult.Degraded(description));
    }
}
