using System.Collections.Concurrent;
using AgentHub.Core.Gateway;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentHub.Core.Health;

/// <summary>
/// Re-checks every credential with its provider's verification call every <c>AgentHub:Health:Interval</c>
/// (each credential's next check spread by ±10%), at most <c>AgentHub:Health:MaxConcurrentPerProvider</c>
/// checks of one provider at a time. An answer that says nothing about the key (RateLimited, ProviderError,
/// Unreachable, Timeout) backs the credential off (5 minutes, doubling up to an hour) instead of failing it:
/// only the <see cref="InconclusiveBeforeFailed"/>th such answer in a row is recorded, and a RateLimited one
/// also ends that provider's checks for the round. Instances sharing a database each claim a due credential
/// with one conditional update, so each is checked once per round.
/// </summary>
public sealed class CredentialHealthChecks(
    IDbContextFactory<AgentHubDbContext> factory,
    IServiceScopeFactory scopes,
    IOptionsMonitor<AgentHubOptions> options,
    TimeProvider time)
{
    /// <summary>Who Activity names as the actor of a scheduled check.</summary>
    public const string ActorName = "Agent Hub (scheduled check)";

    /// <summary>How far each next check is spread around the interval, either way.</summary>
    public const double Jitter = 0.1;

    /// <summary>The first back-off after an inconclusive answer; it doubles with each one in a row, up to <see cref="MaxBackOff"/> (or the interval, if shorter).</summary>
    public static readonly TimeSpan FirstBackOff = TimeSpan.FromMinutes(5);

    /// <summary>The longest back-off: a credential failed by an outage is tried again at least this often, so it recovers soon after the provider does.</summary>
    public static readonly TimeSpan MaxBackOff = TimeSpan.FromHours(1);

    /// <summary>
    /// How many inconclusive answers in a row (other than RateLimited, which is never recorded) a scheduled
    /// check takes before recording the last one: a provider's passing hiccup does not take a key out of service.
    /// </summary>
    public const int InconclusiveBeforeFailed = 3;

    /// <summary>This instance's name on the leases it takes.</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}/{Guid.NewGuid():N}";

    private AgentHubOptions.HealthOptions Settings => options.CurrentValue.Health;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Runs one round: schedules credentials that have no next check yet, then checks every due credential
    /// this instance wins the lease of. Returns how many provider calls it made.
    /// </summary>
    public async Task<int> RunDueChecksAsync(CancellationToken cancellationToken = default)
    {
        await ScheduleNewAsync(cancellationToken);
        var now = Now;
        List<(Guid Id, string ProviderId)> due;
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            var rows = await db.Credentials.AsNoTracking()
                .Where(c => c.NextCheckAt <= now && (c.CheckLeaseUntil == null || c.CheckLeaseUntil < now) && !c.SecretsUnreadable)
                .OrderBy(c => c.NextCheckAt)
                .Select(c => new { c.Id, c.ProviderId })
                .ToListAsync(cancellationToken);
            due = rows.Select(r => (r.Id, r.ProviderId)).ToList();
        }

        var calls = await Task.WhenAll(due.GroupBy(d => d.ProviderId).Select(g => CheckProviderAsync(g.Select(d => d.Id), cancellationToken)));
        return calls.Sum();
    }

    /// <summary>A next check spread by ±<see cref="Jitter"/> around <paramref name="interval"/>.</summary>
    internal static TimeSpan Spread(TimeSpan interval) => interval * (1 + (Random.Shared.NextDouble() * 2 - 1) * Jitter);

    /// <summary>The back-off after <paramref name="inARow"/> inconclusive answers (1: the first).</summary>
    internal static TimeSpan BackOff(int inARow, TimeSpan interval)
    {
        var backOff = FirstBackOff * Math.Pow(2, Math.Min(inARow - 1, 20));
        var longest = interval < MaxBackOff ? interval : MaxBackOff;
        return backOff < longest ? backOff : longest;
    }

    /// <summary>Gives each credential without a next check one an interval (spread) after its last check or its creation.</summary>
    private async Task ScheduleNewAsync(CancellationToken cancellationToken)
    {
        await using var db = GatewayChangeInterceptor.ForWritesTheGatewayIgnores(await factory.CreateDbContextAsync(cancellationToken));
        var unscheduled = await db.Credentials.AsNoTracking()
            .Where(c => c.NextCheckAt == null)
            .Select(c => new { c.Id, From = c.LastCheckedAt ?? c.CreatedAt })
            .ToListAsync(cancellationToken);
        foreach (var credential in unscheduled)
        {
            DateTime? next = credential.From + Spread(Settings.Interval);
            await db.Credentials
                .Where(c => c.Id == credential.Id && c.NextCheckAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.NextCheckAt, next), cancellationToken);
        }
    }

    /// <summary>Checks one provider's due credentials, at most the setting's number at once, stopping at its first RateLimited answer.</summary>
    private async Task<int> CheckProviderAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var queue = new ConcurrentQueue<Guid>(ids);
        var rateLimited = 0;
        var calls = 0;
        var workers = Enumerable.Range(0, Math.Min(Settings.MaxConcurrentPerProvider, queue.Count)).Select(async _ =>
        {
            while (Volatile.Read(ref rateLimited) == 0 && queue.TryDequeue(out var id))
            {
                if (!await ClaimAsync(id, cancellationToken))
                {
                    continue;
                }

                var outcome = await CheckAsync(id, cancellationToken);
                if (outcome is not null)
                {
                    Interlocked.Increment(ref calls);
                }

                if (outcome == VerificationOutcome.RateLimited)
                {
                    Volatile.Write(ref rateLimited, 1);
                }

                await ReleaseAsync(id, outcome?.IsInconclusive() == true, cancellationToken);
            }
        });
        await Task.WhenAll(workers);
        return calls;
    }

    /// <summary>Takes the lease of a due credential and sets its next check; false when another instance (or round) has it.</summary>
    private async Task<bool> ClaimAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = Now;
        DateTime? leaseUntil = now + options.CurrentValue.Verification.Timeout + TimeSpan.FromMinutes(1);
        DateTime? next = now + Spread(Settings.Interval);
        await using var db = GatewayChangeInterceptor.ForWritesTheGatewayIgnores(await factory.CreateDbContextAsync(cancellationToken));
        var claimed = await db.Credentials
            .Where(c => c.Id == id && c.NextCheckAt <= now && (c.CheckLeaseUntil == null || c.CheckLeaseUntil < now) && !c.SecretsUnreadable)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.CheckLeaseOwner, InstanceId)
                .SetProperty(c => c.CheckLeaseUntil, leaseUntil)
                .SetProperty(c => c.NextCheckAt, next), cancellationToken);
        return claimed == 1;
    }

    /// <summary>Runs the check in a scope of its own (the credential services are scoped); the outcome, or null when no call was made.</summary>
    private async Task<VerificationOutcome?> CheckAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CredentialVerification>().CheckScheduledAsync(id, ActorName, cancellationToken);
    }

    /// <summary>Frees the lease; after an inconclusive answer the next check comes after the back-off instead.</summary>
    private async Task ReleaseAsync(Guid id, bool inconclusive, CancellationToken cancellationToken)
    {
        await using var db = GatewayChangeInterceptor.ForWritesTheGatewayIgnores(await factory.CreateDbContextAsync(CancellationToken.None));
        var mine = db.Credentials.Where(c => c.Id == id && c.CheckLeaseOwner == InstanceId);
        if (!inconclusive)
        {
            await mine.ExecuteUpdateAsync(s => s
                .SetProperty(c => c.CheckLeaseOwner, (string?)null)
                .SetProperty(c => c.CheckLeaseUntil, (DateTime?)null)
                .SetProperty(c => c.InconclusiveChecks, 0), CancellationToken.None);
            return;
        }

        var inARow = await mine.Select(c => c.InconclusiveChecks).FirstOrDefaultAsync(cancellationToken) + 1;
        DateTime? next = Now + BackOff(inARow, Settings.Interval);
        await mine.ExecuteUpdateAsync(s => s
            .SetProperty(c => c.CheckLeaseOwner, (string?)null)
            .SetProperty(c => c.CheckLeaseUntil, (DateTime?)null)
            .SetProperty(c => c.InconclusiveChecks, inARow)
            .SetProperty(c => c.NextCheckAt, next), CancellationToken.None);
    }
}
