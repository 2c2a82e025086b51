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
        Add(db, actor, action, objectKind, objectId.ToString(), objectName, details);

    /// <summary>Adds an entry whose object is named by a string id (a member's user id).</summary>
    public void Add(AgentHubDbContext db, Actor actor, string action, string objectKind, string objectId, string objectName, string? details = null) =>
        db.Add(new ActivityEntry
        {
            TeamId = actor.TeamId,
            UserId = actor.UserId,
            At = time.GetUtcNow().UtcDateTime,
            Action = action,
            ObjectKind = objectKind,
            ObjectId = objectId,
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
        var query =
            from entry in db.ActivityEntries.AsNoTracking()
            where entry.TeamId == actor.TeamId
            join user in db.Users on entry.UserId equals user.Id into users
            from user in users.DefaultIfEmpty()
            select new { entry, UserName = user != null ? user.UserName : null };
        // Filtered in the database, before the cap, so older matches are found too.
        if (!string.IsNullOrWhiteSpace(objectFilter))
        {
            var text = objectFilter.Trim().ToLower();
            query = query.Where(r => r.entry.ObjectName.ToLower().Contains(text) || r.entry.ObjectKind.ToLower().Contains(text));
        }

        if (!string.IsNullOrWhiteSpace(userFilter))
        {
            var text = userFilter.Trim().ToLower();
            query = query.Where(r => (r.UserName ?? r.entry.UserId).ToLower().Contains(text));
        }

        return await query
            .OrderByDescending(r => r.entry.Id)
            .Take(MaxEntries)
            .Select(r => new ActivityView(r.entry.At, r.UserName ?? r.entry.UserId, r.entry.Action, r.entry.ObjectKind, r.entry.ObjectName, r.entry.Details))
            .ToListAsync(cancellationToken);
    }
}
