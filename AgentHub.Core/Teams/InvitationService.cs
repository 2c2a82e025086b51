using System.ComponentModel.DataAnnotations;
using AgentHub.Core.Accounts;
using AgentHub.Core.Activity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Core.Teams;

/// <summary>
/// Joining a team: an admin invites an email with a role and receives a one-time link; the
/// person with the link sets their own password (no account yet) or, signed in as the invited
/// email, accepts. Only the link joins: there is no accept-by-email path, since emails are not
/// verified. Nobody chooses another person's password, and no account joins a team without
/// its owner accepting. Every step is an Activity entry in its own transaction; the
/// token is never stored or logged, only its hash.
/// </summary>
public sealed class InvitationService(IDbContextFactory<AgentHubDbContext> factory, TeamAccess access, ActivityLog activity, TimeProvider time)
{
    /// <summary>The one answer for a token that is unknown, expired, revoked or used, so the page reveals nothing more.</summary>
    public const string InvalidLinkMessage = "This invitation link is not valid: it may have expired, been revoked or been used already. Ask a team admin for a new one.";

    /// <summary>The refusal when the signed-in account is not the invited email.</summary>
    public const string OtherEmailMessage = "This invitation is for another email address. Sign in as the invited account to accept it.";

    /// <summary>The refusal to revoke an invitation that was accepted first.</summary>
    public const string AlreadyAcceptedMessage = "This invitation was already accepted: the person is a member now. Reload the page.";

    /// <summary>Invites an email into the actor's team (admins only); the token in the answer is shown once.</summary>
    public async Task<OperationResult<NewInvitation>> InviteAsync(Actor actor, string email, TeamRole role, CancellationToken cancellationToken = default)
    {
        if (await access.CheckAsync(actor, TeamRole.Admin, "The team", cancellationToken) is { } refused)
        {
            return refused;
        }

        var trimmed = email?.Trim() ?? "";
        if (trimmed.Length is 0 or > 256 || !new EmailAddressAttribute().IsValid(trimmed))
        {
            return OperationError.Field("Email", "Email must be an address such as colleague@example.com.");
        }

        if (!Enum.IsDefined(role))
        {
            return OperationError.Field("Role", "Role must be Admin or Viewer.");
        }

        var normalized = Normalize(trimmed);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Serialise per team, so two admins inviting the same email at once leave one invitation.
        await db.Teams.Where(t => t.Id == actor.TeamId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Revision, t => t.Revision + 1), cancellationToken);
        var isMember = await (
                from member in db.TeamMembers
                join user in db.Users on member.UserId equals user.Id
                where member.TeamId == actor.TeamId && user.NormalizedEmail == normalized
                select member)
            .AnyAsync(cancellationToken);
        if (isMember)
        {
            return OperationError.Field("Email", "That account is already a member of this team.");
        }

        var pending = await db.Invitations
            .Where(i => i.TeamId == actor.TeamId && i.NormalizedEmail == normalized && i.AcceptedAt == null && i.RevokedAt == null)
            .Select(i => i.ExpiresAt)
            .ToListAsync(cancellationToken);
        if (pending.Any(expires => expires > now))
        {
            return OperationError.Field("Email", "That email already has a pending invitation: revoke it to send a new link.");
        }

        var token = InvitationToken.Create();
        var invitation = new Invitation
        {
            TeamId = actor.TeamId,
            Email = trimmed,
            NormalizedEmail = normalized,
            Role = role,
            TokenHash = InvitationToken.Hash(token),
            CreatedByUserId = actor.UserId,
            CreatedAt = now,
            ExpiresAt = now + Invitation.Lifetime,
        };
        db.Invitations.Add(invitation);
        activity.Add(db, actor, ActivityActions.InvitationCreated, ActivityObjects.Invitation, invitation.Id, trimmed, $"Role: {role}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return OperationResult<NewInvitation>.Ok(new NewInvitation(View(invitation, now), token));
    }

    /// <summary>The team's invitations not yet accepted or revoked (members only), expired ones included and marked.</summary>
    public async Task<IReadOnlyList<InvitationView>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return [];
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var pending = await db.Invitations.AsNoTracking()
            .Where(i => i.TeamId == actor.TeamId && i.AcceptedAt == null && i.RevokedAt == null)
            .OrderBy(i => i.Email)
            .ToListAsync(cancellationToken);
        return pending.Select(i => View(i, now)).ToList();
    }

    /// <summary>
    /// Revokes a pending invitation (admins only): its link stops working at once. An invitation
    /// accepted first (even a moment ago) is reported as <see cref="AlreadyAcceptedMessage"/>.
    /// </summary>
    public async Task<OperationResult> RevokeAsync(Actor actor, Guid invitationId, CancellationToken cancellationToken = default)
    {
        if (await access.CheckAsync(actor, TeamRole.Admin, "The team", cancellationToken) is { } refused)
        {
            return refused;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        // Conditional, so an accept committing between a read and this write cannot be revoked after the fact.
        var revoked = await db.Invitations
            .Where(i => i.Id == invitationId && i.TeamId == actor.TeamId && i.AcceptedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, now), cancellationToken);
        var invitation = await db.Invitations.AsNoTracking()
            .FirstOrDefaultAsync(i => i.Id == invitationId && i.TeamId == actor.TeamId, cancellationToken);
        if (revoked == 0)
        {
            return invitation?.AcceptedAt is not null
                ? new OperationError(OperationErrorKind.Conflict, AlreadyAcceptedMessage)
                : OperationError.NotFound("The invitation");
        }

        activity.Add(db, actor, ActivityActions.InvitationRevoked, ActivityObjects.Invitation, invitationId, invitation!.Email, $"Role: {invitation.Role}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return OperationResult.Ok();
    }

    /// <summary>What a valid link invites to; any invalid link gets <see cref="InvalidLinkMessage"/>.</summary>
    public async Task<OperationResult<InvitationPreview>> OpenAsync(string? token, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var invitation = await FindOpenAsync(db, token, cancellationToken);
        if (invitation is null)
        {
            return InvalidLink();
        }

        var teamName = await db.Teams.Where(t => t.Id == invitation.TeamId).Select(t => t.Name).FirstAsync(cancellationToken);
        var accountExists = await db.Users.AnyAsync(u => u.NormalizedEmail == invitation.NormalizedEmail, cancellationToken);
        return OperationResult<InvitationPreview>.Ok(new InvitationPreview(invitation.Id, teamName, invitation.Email, invitation.Role, accountExists));
    }

    /// <summary>
    /// The invitee has no account: creates it with the invited email and the password they chose
    /// (under Identity's rules), joins the team and uses the invitation up, in one transaction.
    /// </summary>
    public async Task<OperationResult<AgentHubUser>> AcceptAsNewAccountAsync(
        UserManager<AgentHubUser> users, string? token, string password, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var invitation = await FindOpenAsync(db, token, cancellationToken);
        if (invitation is null)
        {
            return InvalidLink();
        }

        var user = new AgentHubUser { UserName = invitation.Email, Email = invitation.Email, CurrentTeamId = invitation.TeamId };
        // Identity's own checks (unique email, password rules) before anything is written.
        var errors = new List<IdentityError>();
        foreach (var validator in users.UserValidators)
        {
            errors.AddRange((await validator.ValidateAsync(users, user)).Errors);
        }

        foreach (var validator in users.PasswordValidators)
        {
            errors.AddRange((await validator.ValidateAsync(users, user, password)).Errors);
        }

        if (errors.Count > 0)
        {
            var field = errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? "Password" : "Email";
            return OperationError.Field(field, string.Join(" ", errors.Select(e => e.Description)));
        }

        // The account is written here rather than by UserManager.CreateAsync so that it, the
        // membership and the used-up invitation commit together or not at all.
        user.NormalizedUserName = users.NormalizeName(user.UserName);
        user.NormalizedEmail = users.NormalizeEmail(user.Email);
        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.LockoutEnabled = users.Options.Lockout.AllowedForNewUsers;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await ClaimAsync(db, invitation, user.Id, cancellationToken))
        {
            return InvalidLink();
        }

        db.Users.Add(user);
        Join(db, invitation, user.Id);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same email got an account a moment ago (another invitation, another tab).
            return OperationError.Field("Email", "An account with this email exists now: sign in, then open the link again to accept.");
        }

        await transaction.CommitAsync(cancellationToken);
        return OperationResult<AgentHubUser>.Ok(user);
    }

    /// <summary>
    /// The signed-in user accepts a link addressed to their email: they join the team and act in it.
    /// The token is the proof: emails are not verified, so a matching email alone never joins a team.
    /// </summary>
    public async Task<OperationResult<TeamMembership>> AcceptAsync(string userId, string? token, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var invitation = await FindOpenAsync(db, token, cancellationToken);
        return invitation is null ? InvalidLink() : await AcceptAsync(db, userId, invitation, cancellationToken);
    }

    private async Task<OperationResult<TeamMembership>> AcceptAsync(AgentHubDbContext db, string userId, Invitation invitation, CancellationToken cancellationToken)
    {
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.NormalizedEmail).FirstOrDefaultAsync(cancellationToken);
        if (email is null || email != invitation.NormalizedEmail)
        {
            return new OperationError(OperationErrorKind.Forbidden, OtherEmailMessage);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await ClaimAsync(db, invitation, userId, cancellationToken))
        {
            return InvalidLink();
        }

        var existing = await db.TeamMembers.FirstOrDefaultAsync(m => m.TeamId == invitation.TeamId && m.UserId == userId, cancellationToken);
        var role = existing?.Role ?? invitation.Role;
        if (existing is null)
        {
            Join(db, invitation, userId);
        }
        else
        {
            activity.Add(db, new Actor(userId, invitation.TeamId), ActivityActions.InvitationAccepted, ActivityObjects.Invitation, invitation.Id, invitation.Email, $"Already {existing.Role}");
        }

        await db.SaveChangesAsync(cancellationToken);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.CurrentTeamId, invitation.TeamId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var teamName = await db.Teams.Where(t => t.Id == invitation.TeamId).Select(t => t.Name).FirstAsync(cancellationToken);
        return OperationResult<TeamMembership>.Ok(new TeamMembership(invitation.TeamId, teamName, role));
    }

    /// <summary>Marks the invitation used; false when another request used or revoked it first.</summary>
    private async Task<bool> ClaimAsync(AgentHubDbContext db, Invitation invitation, string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claimed = await db.Invitations
            .Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now).SetProperty(i => i.AcceptedByUserId, userId), cancellationToken);
        return claimed == 1;
    }

    private void Join(AgentHubDbContext db, Invitation invitation, string userId)
    {
        db.TeamMembers.Add(new TeamMember { TeamId = invitation.TeamId, UserId = userId, Role = invitation.Role, AddedAt = time.GetUtcNow().UtcDateTime });
        activity.Add(db, new Actor(userId, invitation.TeamId), ActivityActions.InvitationAccepted, ActivityObjects.Invitation, invitation.Id, invitation.Email, $"Joined as {invitation.Role}");
    }

    private async Task<Invitation?> FindOpenAsync(AgentHubDbContext db, string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return null;
        }

        var hash = InvitationToken.Hash(token.Trim());
        var invitation = await db.Invitations.AsNoTracking().FirstOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        return invitation is not null && IsOpen(invitation, time.GetUtcNow().UtcDateTime) ? invitation : null;
    }

    private static bool IsOpen(Invitation invitation, DateTime now) =>
        invitation.AcceptedAt is null && invitation.RevokedAt is null && invitation.ExpiresAt > now;

    private static InvitationView View(Invitation invitation, DateTime now) =>
        new(invitation.Id, invitation.Email, invitation.Role, invitation.ExpiresAt, invitation.ExpiresAt <= now);

    private static OperationError InvalidLink() => new(OperationErrorKind.NotFound, InvalidLinkMessage);

    /// <summary>Identity's default normalisation (upper-case invariant), as the account tables store it.</summary>
    private static string Normalize(string email) => email.ToUpperInvariant();
}
