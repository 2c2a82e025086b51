using AgentHub.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Core.Teams;

/// <summary>Finds the team the UI acts for. Until sign-in exists that is the one default team.</summary>
public sealed class TeamDirectory(IDbContextFactory<AgentHubDbContext> factory)
{
    private Guid? _defaultTeamId;

    /// <summary>The id of the "Default team" created at first start.</summary>
    public async Task<Guid> GetDefaultTeamIdAsync(CancellationToken cancellationToken = default)
    {
        if (_defaultTeamId is { } cached)
        {
            return cached;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var id = await db.Teams.OrderBy(t => t.CreatedAt).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException("The database has no team; DatabaseInitializer has not run.");
        _defaultTeamId = id;
        return id;
    }
}
