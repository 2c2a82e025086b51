using AgentHub.Core.Accounts;
using AgentHub.Core.Activity;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Core.Teams;

/// <summary>A user's teams and a team's members: admins change and remove roles (people join by <see cref="InvitationService"/>), and a team always keeps an admin.</summary>
public sealed class TeamService(IDbContextFactory<AgentHubDbContext> factory, TeamAccess access, ActivityLog activity, TimeProvider time)
{
    /// <summary>The teams a user belongs to, by name, with their role in each.</summary>
    public async Task<IReadOnlyList<TeamMembership>> ListTeamsAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await (
                from member in db.TeamMembers
                join team in db.Teams on member.TeamId equals team.Id
                where member.UserId == userId
                orderby team.Name
                select new TeamMembership(team.Id, team.Name, member.Role))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The team the user acts in: the one they last switched to if still theirs, else their first.</summary>
    public async Task<TeamMembership?> CurrentTeamAsync(string userId, CancellationToken cancellationToken = default)
    {
        var teams = await ListTeamsAsync(userId, cancellationToken);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var chosen = await db.Users.Where(u => u.Id == userId).Select(u => u.CurrentTeamId).FirstOrDefaultAsync(cancellationToken);
        return teams.FirstOrDefault(t => t.TeamId == chosen) ?? teams.FirstOrDefault();
    }

    /// <summary>Remembers the team the user switched to; refused for a team they are not a member of.</summary>
    public async Task<bool> SwitchAsync(string userId, Guid teamId, CancellationToken cancellationToken = default)
    {
        if (!await access.IsMemberAsync(new Actor(userId, teamId), cancellationToken))
        {
            return false;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.CurrentTeamId, teamId), cancellationToken);
        return true;
    }

    /// <summary>Creates a team with the user as its admin and switches the user to it.</summary>
    public async Task<OperationResult<TeamMembership>> CreateTeamAsync(string userId, string name, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > Team.NameMaxLength)
        {
            return OperationError.Field("Name", Team.NameRule);
        }

        if (DisplayNames.Problem("Team name", name) is { } unreadable)
        {
            return OperationError.Field("Name", unreadable);
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            return OperationError.NotFound("The account");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var team = new Team { Name = DisplayNames.Normalize(name), CreatedAt = now };
        db.Teams.Add(team);
        db.TeamMembers.Add(new TeamMember { TeamId = team.Id, UserId = userId, Role = TeamRole.Admin, AddedAt = now });
        activity.Add(db, new Actor(userId, team.Id), ActivityActions.TeamCreated, ActivityObjects.Team, team.Id, team.Name);
        await db.SaveChangesAsync(cancellationToken);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.CurrentTeamId, team.Id), cancellationToken);
        return OperationResult<TeamMembership>.Ok(new TeamMembership(team.Id, team.Name, TeamRole.Admin));
    }

    /// <summary>The team's members with their email and role (members only).</summary>
    public async Task<IReadOnlyList<TeamMemberView>> ListMembersAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return [];
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await (
                from member in db.TeamMembers
                join user in db.Users on member.UserId equals user.Id
                where member.TeamId == actor.TeamId
                orderby user.Email
                select new TeamMemberView(user.Id, user.Email ?? user.UserName ?? user.Id, member.Role))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Changes a member's role; the team's last admin cannot become a viewer.</summary>
    public Task<OperationResult> ChangeRoleAsync(Actor actor, string userId, TeamRole role, CancellationToken cancellationToken = default) =>
        ChangeMembershipAsync(actor, userId, role, cancellationToken);

    /// <summary>Removes a member; the team's last admin cannot be removed.</summary>
    public Task<OperationResult> RemoveMemberAsync(Actor actor, string userId, CancellationToken cancellationToken = default) =>
        ChangeMembershipAsync(actor, userId, null, cancellationToken);

    private async Task<OperationResult> ChangeMembershipAsync(Actor actor, string userId, TeamRole? newRole, CancellationToken cancellationToken)
    {
        if (await access.CheckAsync(actor, TeamRole.Admin, "The team", cancellationToken) is { } refused)
        {
            return refused;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Serialise membership changes per team, so two admins demoting each other cannot leave none.
        await db.Teams.Where(t => t.Id == actor.TeamId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Revision, t => t.Revision + 1), cancellationToken);
        var member = await db.TeamMembers.FirstOrDefaultAsync(m => m.TeamId == actor.TeamId && m.UserId == userId, cancellationToken);
        if (member is null)
        {
            return OperationError.NotFound("The member");
        }

        var losesAdmin = member.Role == TeamRole.Admin && newRole != TeamRole.Admin;
        if (losesAdmin && await db.TeamMembers.CountAsync(m => m.TeamId == actor.TeamId && m.Role == TeamRole.Admin, cancellationToken) == 1)
        {
            return new OperationError(OperationErrorKind.Conflict, "A team needs at least one admin: make another member admin first.");
        }

        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken) ?? userId;
        if (newRole is { } role)
        {
            activity.Add(db, actor, ActivityActions.MemberRoleChanged, ActivityObjects.Member, userId, email, $"{member.Role} → {role}");
            member.Role = role;
        }
        else
        {
            activity.Add(db, actor, ActivityActions.MemberRemoved, ActivityObjects.Member, userId, email, $"Was {member.Role}");
            db.TeamMembers.Remove(member);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return OperationResult.Ok();
    }
}

/// <summary>A team as the switcher lists it.</summary>
public sealed record TeamMembership(Guid TeamId, string Name, TeamRole Role);

/// <summary>A member as the Members tab lists them.</summary>
public sealed record TeamMemberView(string UserId, string Email, TeamRole Role);
