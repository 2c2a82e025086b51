using AgentHub.Core.Persistence;
using AgentHub.Core.Security;
using AgentHub.Core.Teams;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Core.Accounts;

/// <summary>
/// First start: until an account exists, every page leads to the setup page, which creates the
/// owner account and names the first team. Once an account exists setup refuses to run again.
/// </summary>
public sealed class AccountSetup(IDbContextFactory<AgentHubDbContext> factory)
{
    // Two browsers submitting setup at once must not both become owners.
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private volatile bool _done;

    /// <summary>Whether an account exists (cached once true: accounts are not deleted back to none).</summary>
    public async Task<bool> IsDoneAsync(CancellationToken cancellationToken = default)
    {
        if (_done)
        {
            return true;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        _done = await db.Users.AnyAsync(cancellationToken);
        return _done;
    }

    /// <summary>Creates the owner account and names the first team, or says why not (per field).</summary>
    public async Task<OperationResult<AgentHubUser>> CreateOwnerAsync(
        UserManager<AgentHubUser> users, string email, string password, string teamName, CancellationToken cancellationToken = default)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (await IsDoneAsync(cancellationToken))
            {
                return new OperationError(OperationErrorKind.Conflict, "Agent Hub is already set up. Sign in with an existing account.");
            }

            if (string.IsNullOrWhiteSpace(teamName) || teamName.Trim().Length > Team.NameMaxLength)
            {
                return OperationError.Field("TeamName", Team.NameRule);
            }

            if (DisplayNames.Problem("Team name", teamName) is { } unreadable)
            {
                return OperationError.Field("TeamName", unreadable);
            }

            var user = new AgentHubUser { UserName = email.Trim(), Email = email.Trim() };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                var field = created.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? "Password" : "Email";
                return OperationError.Field(field, string.Join(" ", created.Errors.Select(e => e.Description)));
            }

            try
            {
                await using var db = await factory.CreateDbContextAsync(cancellationToken);
                var team = await db.Teams.OrderBy(t => t.CreatedAt).FirstAsync(cancellationToken);
                team.Name = DisplayNames.Normalize(teamName);
                db.TeamMembers.Add(new TeamMember { TeamId = team.Id, UserId = user.Id, Role = TeamRole.Admin, AddedAt = DateTime.UtcNow });
                await db.SaveChangesAsync(cancellationToken);
                await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.CurrentTeamId, team.Id), cancellationToken);
                user.CurrentTeamId = team.Id;
            }
            catch
            {
                // An owner without a team could never act, and setup would refuse to run again: undo the account.
                await users.DeleteAsync(user);
                throw;
            }
            _done = true;
            return OperationResult<AgentHubUser>.Ok(user);
        }
        finally
        {
            Gate.Release();
        }
    }
}
