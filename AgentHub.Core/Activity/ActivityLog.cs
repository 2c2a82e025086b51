using AgentHub.Core.Persistence;
using AgentHub.Core.Teams;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Core.Activity;

/// <summary>
/// Records changes in the same context (so the same transaction) as the change itself, and reads
/// them back for the Activity tab.
/// </summary>
public sealed class ActivityLog(IDbContextFactory<AgentHubDbContext> factory, TeamAccess access, TimeProvider time)
{
    private const int MaxEntries = 500;

    /// <summary>Adds an entry to <paramref name="db"/>; it is stored by the caller's SaveChanges.</summary>
    public void Add(AgentHubDbContext db, Actor actor, string action, string objectKind, Guid objectId, string objectName, string? details = null) =>
        db.Add(new ActivityEntry
        {
            TeamId = actor.TeamId,
            UserId = actor.UserId,
            At = time.GetUtcNow().UtcDateTime,
            Action = action,
            ObjectKind = objectKind,
            ObjectId = objectId.ToString(),
            ObjectName = objectName,
            Details = details,
        });

    /// <summary>The team's latest entries, newest first, filtered by object name or kind and by user.</summary>
    public async Task<IReadOnlyList<ActivityView>> ListAsync(Actor actor, string? objectFilter = null, string? userFilter = null, CancellationToken cancellationToken = default)
    {
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return [];
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rows = await (
                from entry in db.ActivityEntries.AsNoTracking()
                where entry.TeamId == actor.TeamId
                join user in db.Users on entry.UserId equals user.Id into users
                from user in users.DefaultIfEmpty()
                orderby entry.Id descending
                select new ActivityView(entry.At, user != null ? user.UserName ?? entry.UserId : entry.UserId, entry.Action, entry.ObjectKind, entry.ObjectName, entry.Details))
            .Take(MaxEntries * 4)
            .ToListAsync(cancellationToken);
        return rows
            .Where(r => string.IsNullOrWhiteSpace(objectFilter)
                || r.ObjectName.Contains(objectFilter.Trim(), StringComparison.OrdinalIgnoreCase)
                || r.ObjectKind.Contains(objectFilter.Trim(), StringComparison.OrdinalIgnoreCase))
            .Where(r => string.IsNullOrWhiteSpace(userFilter) || r.User.Contains(userFilter.Trim(), StringComparison.OrdinalIgnoreCase))
            .Take(MaxEntries)
            .ToList();
    }
}
