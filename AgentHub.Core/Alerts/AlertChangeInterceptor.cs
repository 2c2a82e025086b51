using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AgentHub.Core.Alerts;

/// <summary>
/// Turns a credential's change of status into an alert message in the same save (the outbox row
/// <see cref="AlertDelivery"/>), whoever changed it: a manual Re-verify, a scheduled check, a
/// gateway call the provider refused. Verified → Failed is Broke; Failed → Verified is Recovered,
/// only after a Broke message. A credential that keeps failing changes no status, so it sends nothing more.
/// </summary>
public sealed class AlertChangeInterceptor(ProviderCatalog catalog, TimeProvider time) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is AgentHubDbContext db)
        {
            QueueAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AgentHubDbContext db)
        {
            await QueueAsync(db, cancellationToken);
        }

        return result;
    }

    private async Task QueueAsync(AgentHubDbContext db, CancellationToken cancellationToken)
    {
        db.ChangeTracker.DetectChanges();
        var changed = db.ChangeTracker.Entries<Credential>()
            .Where(e => e.State == EntityState.Modified && e.Property(c => c.Status).IsModified)
            .Select(e => (Credential: e.Entity, Was: e.Property(c => c.Status).OriginalValue))
            .Where(c => c.Was != c.Credential.Status)
            .ToList();
        foreach (var (credential, was) in changed)
        {
            var kind = await KindAsync(db, credential, was, cancellationToken);
            if (kind is null || !await db.Set<AlertSettings>().AnyAsync(s => s.TeamId == credential.TeamId, cancellationToken))
            {
                continue;
            }

            db.Add(AlertDelivery.Create(
                credential.TeamId, credential.Id, credential.Name, catalog.Get(credential.ProviderId).DisplayName, kind.Value,
                credential.Status.Label(), credential.StatusMessage, null, time.GetUtcNow().UtcDateTime));
        }
    }

    private static async Task<AlertKind?> KindAsync(AgentHubDbContext db, Credential credential, CredentialStatus was, CancellationToken cancellationToken)
    {
        if (was == CredentialStatus.Verified && credential.Status == CredentialStatus.Failed)
        {
            return AlertKind.Broke;
        }

        if (was != CredentialStatus.Failed || credential.Status != CredentialStatus.Verified)
        {
            return null;
        }

        // Recovered answers a Broke message: a credential that failed its first check never "broke".
        var last = await db.Set<AlertDelivery>().AsNoTracking()
            .Where(d => d.CredentialId == credential.Id && (d.Kind == AlertKind.Broke || d.Kind == AlertKind.Recovered))
            .OrderByDescending(d => d.OccurredAt)
            .Select(d => (AlertKind?)d.Kind)
            .FirstOrDefaultAsync(cancellationToken);
        return last == AlertKind.Broke ? AlertKind.Recovered : null;
    }
}
