using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Core.Accounts;

/// <summary>
/// First start: until an account exists, every page leads to the setup page, which creates the
/// owner account and names the first team. Once an account exists setup refuses to run again.
/// </summary>
public sealed class AccountSetup(IDbContextFactory<AgentHubDbContext> factory)
{
    private const string AlreadySetUp = "Agent Hub is already set up. Sign in with an existing account.";
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

    /// <summary>
    /// Creates the owner account and names the first team, or says why not (per field). Of setups
    /// racing on any number of app instances only one makes an owner: the database decides (see
    /// <see cref="ClaimFirstTeamAsync"/>), not a lock in this process.
    /// </summary>
    public async Task<OperationResult<AgentHubUser>> CreateOwnerAsync(
        UserManager<AgentHubUser> users, string email, string password, string teamName, CancellationToken cancellationToken = default)
    {
        if (await IsDoneAsync(cancellationToken))
        {
            return new OperationError(OperationErrorKind.Conflict, AlreadySetUp);
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
            // The same email sent by a racing setup that has just won reads as "already set up".
            if (await IsDoneAsync(cancellationToken) && created.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName)))
            {
                return new OperationError(OperationErrorKind.Conflict, AlreadySetUp);
            }

            var field = created.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? "Password" : "Email";
            return OperationError.Field(field, string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        bool owner;
        try
        {
            owner = await ClaimFirstTeamAsync(user, DisplayNames.Normalize(teamName), cancellationToken);
        }
        catch
        {
            // An owner without a team could never act, and setup would refuse to run again: undo the account.
            await users.DeleteAsync(user);
            throw;
        }

        if (!owner)
        {
            await users.DeleteAsync(user);
            _done = true;
            return new OperationError(OperationErrorKind.Conflict, AlreadySetUp);
        }

        _done = true;
        return OperationResult<AgentHubUser>.Ok(user);
    }

    /// <summary>
    /// Makes <paramref name="user"/> the first team's admin unless someone already is. The first
    /// team's row is locked for the transaction (SQLite: the database's write lock; PostgreSQL: the
    /// row lock, read committed) before looking for a member, so two setups cannot both find none.
    /// </summary>
    private async Task<bool> ClaimFirstTeamAsync(AgentHubUser user, string teamName, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var team = await db.Teams.OrderBy(t => t.CreatedAt).FirstAsync(cancellationToken);
        await db.Teams.Where(t => t.Id == team.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Revision, t => t.Revision + 1), cancellationToken);
        if (await db.TeamMembers.AnyAsync(cancellationToken))
        {
            return false;
        }

        team.Name = teamName;
        db.TeamMembers.Add(new TeamMember { TeamId = team.Id, UserId = user.Id, Role = TeamRole.Admin, AddedAt = DateTime.UtcNow });
        await db.SaveChangesAsync(cancellationToken);
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.CurrentTeamId, team.Id), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        user.CurrentTeamId = team.Id;
        return true;
    }
}
