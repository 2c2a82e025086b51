using System.Reflection;
using System.Security.Cryptography;
using AgentHub.Core.Accounts;
using AgentHub.Core.Activity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Tests.Core.Teams;

/// <summary>People join a team by invitation: a one-time link, stored hashed, that expires, can be revoked and is used once.</summary>
public sealed class InvitationServiceTests : IAsyncLifetime
{
    private const string NewPassword = "Invitee-Passw0rd!";
    private readonly MutableClock _clock = new(DateTimeOffset.UtcNow);
    private TestStore _store = null!;
    private AsyncServiceScope _scope;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(configure: s => s.AddSingleton<TimeProvider>(_clock));
        _scope = _store.Services.CreateAsyncScope();
    }

    public async Task DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _store.DisposeAsync();
    }

    private InvitationService Invitations => _store.Services.GetRequiredService<InvitationService>();

    private TeamService Teams => _store.Services.GetRequiredService<TeamService>();

    private UserManager<AgentHubUser> Users => _scope.ServiceProvider.GetRequiredService<UserManager<AgentHubUser>>();

    private async Task<string> InviteAsync(string email = "new.person@example.com", TeamRole role = TeamRole.Viewer)
    {
        var invited = await Invitations.InviteAsync(_store.Admin, email, role);
        Assert.True(invited.Succeeded, invited.Error?.Message);
        return invited.Value.Token;
    }

    [Fact]
    public async Task TheTokenShouldBeStoredOnlyAsItsSha256AndNeverLogged()
    {
        var token = await InviteAsync();

        await using var db = await _store.OpenDbAsync();
        var stored = await db.Invitations.SingleAsync();
        var log = await _store.Services.GetRequiredService<ActivityLog>().ListAsync(_store.Admin);
        var databaseBytes = await File.ReadAllBytesAsync(_store.DatabasePath);

        Assert.Equal(32, Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + "=").Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), stored.TokenHash);
        Assert.Equal("Invitation created", Assert.Single(log).Action);
        Assert.DoesNotContain(token, $"{log[0].ObjectName} {log[0].Details}");
        Assert.DoesNotContain(token, Encoding.UTF8.GetString(databaseBytes));
        Assert.Equal(stored.CreatedAt + TimeSpan.FromDays(7), stored.ExpiresAt);
    }

    [Fact]
    public async Task TheInviteeShouldSetTheirOwnPasswordAndJoinWithTheInvitedRole()
    {
        var token = await InviteAsync();

        var accepted = await Invitations.AcceptAsNewAccountAsync(Users, token, NewPassword);

        Assert.True(accepted.Succeeded, accepted.Error?.Message);
        var user = await Users.FindByEmailAsync("new.person@example.com");
        Assert.True(await Users.CheckPasswordAsync(user!, NewPassword));
        Assert.Equal((_store.TeamId, TeamRole.Viewer), ((await Teams.CurrentTeamAsync(user!.Id))!.TeamId, (await Teams.CurrentTeamAsync(user.Id))!.Role));
        Assert.Empty(await Invitations.ListAsync(_store.Admin));
        Assert.Equal(["Invitation accepted", "Invitation created"], (await _store.Services.GetRequiredService<ActivityLog>().ListAsync(_store.Admin)).Select(e => e.Action));
    }

    [Fact]
    public async Task AWeakPasswordShouldBeRefusedAndLeaveTheLinkUsable()
    {
        var token = await InviteAsync();

        var weak = await Invitations.AcceptAsNewAccountAsync(Users, token, "short");
        var preview = await Invitations.OpenAsync(token);

        Assert.Contains("Passwords must be at least 6 characters", Assert.Single(weak.ErrorOrFail().FieldErrors["Password"]));
        Assert.Null(await Users.FindByEmailAsync("new.person@example.com"));
        Assert.True(preview.Succeeded);
    }

    [Fact]
    public async Task AnInvitationShouldBeUsableOnlyOnce()
    {
        var token = await InviteAsync();
        await Invitations.AcceptAsNewAccountAsync(Users, token, NewPassword);

        var again = await Invitations.AcceptAsNewAccountAsync(Users, token, "Another-Passw0rd!");
        var preview = await Invitations.OpenAsync(token);

        Assert.Equal(InvitationService.InvalidLinkMessage, again.ErrorOrFail().Message);
        Assert.Equal(InvitationService.InvalidLinkMessage, preview.ErrorOrFail().Message);
        Assert.True(await Users.CheckPasswordAsync((await Users.FindByEmailAsync("new.person@example.com"))!, NewPassword));
    }

    [Fact]
    public async Task AnInvitationShouldExpireAfterSevenDays()
    {
        var token = await InviteAsync();
        _clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));

        var accepted = await Invitations.AcceptAsNewAccountAsync(Users, token, NewPassword);

        Assert.Equal(InvitationService.InvalidLinkMessage, accepted.ErrorOrFail().Message);
        Assert.True(Assert.Single(await Invitations.ListAsync(_store.Admin)).IsExpired);
        Assert.Null(await Users.FindByEmailAsync("new.person@example.com"));
    }

    [Fact]
    public async Task ARevokedInvitationShouldStopWorkingAndBeLogged()
    {
        var token = await InviteAsync();
        var pending = Assert.Single(await Invitations.ListAsync(_store.Admin));

        var revoked = await Invitations.RevokeAsync(_store.Admin, pending.Id);
        var accepted = await Invitations.AcceptAsNewAccountAsync(Users, token, NewPassword);

        Assert.True(revoked.Succeeded);
        Assert.Equal(InvitationService.InvalidLinkMessage, accepted.ErrorOrFail().Message);
        Assert.Empty(await Invitations.ListAsync(_store.Admin));
        Assert.Equal("Invitation revoked", (await _store.Services.GetRequiredService<ActivityLog>().ListAsync(_store.Admin))[0].Action);
    }

    [Fact]
    public async Task RevokingAnAcceptedInvitationShouldReportItWasAlreadyAcceptedAndLogNoRevocation()
    {
        var token = await InviteAsync();
        var pending = Assert.Single(await Invitations.ListAsync(_store.Admin));
        await Invitations.AcceptAsNewAccountAsync(Users, token, NewPassword);

        var revoked = await Invitations.RevokeAsync(_store.Admin, pending.Id);

        Assert.Equal(InvitationService.AlreadyAcceptedMessage, revoked.ErrorOrFail().Message);
        Assert.DoesNotContain(await _store.Services.GetRequiredService<ActivityLog>().ListAsync(_store.Admin), e => e.Action == "Invitation revoked");
        await using var db = await _store.OpenDbAsync();
        Assert.Null((await db.Invitations.SingleAsync()).RevokedAt);
        Assert.Contains(await Teams.ListMembersAsync(_store.Admin), m => m.Email == "new.person@example.com");
    }

    [Fact]
    public async Task AnExistingAccountShouldJoinOnlyAfterItsOwnerAccepts()
    {
        var colleague = await _store.AddMemberAsync("colleague", TeamRole.Admin, Guid.NewGuid());
        var token = await InviteAsync("COLLEAGUE@example.com", TeamRole.Admin);

        var beforeAccepting = await Teams.ListMembersAsync(_store.Admin);
        var preview = await Invitations.OpenAsync(token);
        var accepted = await Invitations.AcceptAsync(colleague.UserId, token);

        Assert.DoesNotContain(beforeAccepting, m => m.UserId == colleague.UserId);
        Assert.True(preview.ValueOrFail().AccountExists);
        Assert.True(accepted.Succeeded, accepted.Error?.Message);
        Assert.Contains(await Teams.ListMembersAsync(_store.Admin), m => m.UserId == colleague.UserId && m.Role == TeamRole.Admin);
        Assert.Equal(_store.TeamId, (await Teams.CurrentTeamAsync(colleague.UserId))!.TeamId);
    }

    [Fact]
    public async Task AnAccountWhoseEmailMatchesShouldNotJoinAnotherTeamWithoutItsLink()
    {
        // A squatter invites cfo@victim.example to their own team and claims the account through their own link.
        var squatter = await _store.AddMemberAsync("squatter", TeamRole.Admin, Guid.NewGuid());
        var ownLink = (await Invitations.InviteAsync(squatter, "cfo@victim.example", TeamRole.Viewer)).ValueOrFail().Token;
        var claimed = await Invitations.AcceptAsNewAccountAsync(Users, ownLink, NewPassword);
        await InviteAsync("CFO@victim.example", TeamRole.Admin);

        var reused = await Invitations.AcceptAsync(claimed.ValueOrFail().Id, ownLink);
        var withoutToken = typeof(InvitationService).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.GetParameters().Any(p => p.Name == "userId") && m.GetParameters().All(p => p.Name != "token"))
            .Select(m => m.Name);

        Assert.True(claimed.Succeeded, claimed.Error?.Message);
        Assert.Equal(InvitationService.InvalidLinkMessage, reused.ErrorOrFail().Message);
        Assert.Empty(withoutToken);
        Assert.DoesNotContain(await Teams.ListMembersAsync(_store.Admin), m => m.UserId == claimed.Value.Id);
        Assert.Single(await Invitations.ListAsync(_store.Admin));
    }

    [Fact]
    public async Task AnExistingAccountShouldNotBeCreatedAgainFromTheLink()
    {
        var colleague = await _store.AddMemberAsync("colleague", TeamRole.Admin, Guid.NewGuid());
        var token = await InviteAsync("colleague@example.com");

        var hijack = await Invitations.AcceptAsNewAccountAsync(Users, token, "Attacker-Passw0rd!");

        Assert.False(hijack.Succeeded);
        Assert.DoesNotContain(await Teams.ListMembersAsync(_store.Admin), m => m.UserId == colleague.UserId);
    }

    [Fact]
    public async Task AnotherAccountShouldNotAcceptAnInvitationForSomeoneElse()
    {
        var other = await _store.AddMemberAsync("other", TeamRole.Admin, Guid.NewGuid());
        var token = await InviteAsync("colleague@example.com");

        var accepted = await Invitations.AcceptAsync(other.UserId, token);

        Assert.Equal(InvitationService.OtherEmailMessage, accepted.ErrorOrFail().Message);
        Assert.DoesNotContain(await Teams.ListMembersAsync(_store.Admin), m => m.UserId == other.UserId);
        Assert.Single(await Invitations.ListAsync(_store.Admin));
    }

    [Fact]
    public async Task InvitingAMemberOrAPendingEmailOrABadAddressShouldBeRefusedAtTheEmailField()
    {
        await InviteAsync("pending@example.com");

        var member = await Invitations.InviteAsync(_store.Admin, "test-admin@example.com", TeamRole.Viewer);
        var twice = await Invitations.InviteAsync(_store.Admin, "Pending@example.com", TeamRole.Admin);
        var bad = await Invitations.InviteAsync(_store.Admin, "not an email", TeamRole.Viewer);

        Assert.Contains("already a member", Assert.Single(member.ErrorOrFail().FieldErrors["Email"]));
        Assert.Contains("pending invitation", Assert.Single(twice.ErrorOrFail().FieldErrors["Email"]));
        Assert.Contains("Email must be an address", Assert.Single(bad.ErrorOrFail().FieldErrors["Email"]));
    }

    [Fact]
    public async Task AViewerShouldNeitherInviteNorRevoke()
    {
        var viewer = await _store.AddMemberAsync("viewer", TeamRole.Viewer);
        await InviteAsync();
        var pending = Assert.Single(await Invitations.ListAsync(_store.Admin));

        var invite = await Invitations.InviteAsync(viewer, "someone@example.com", TeamRole.Admin);
        var revoke = await Invitations.RevokeAsync(viewer, pending.Id);

        Assert.Equal(OperationErrorKind.Forbidden, invite.ErrorOrFail().Kind);
        Assert.Equal(OperationErrorKind.Forbidden, revoke.ErrorOrFail().Kind);
        Assert.Single(await Invitations.ListAsync(_store.Admin));
    }

    [Fact]
    public async Task AnAdminOfAnotherTeamShouldNotRevokeThisTeamsInvitation()
    {
        var outsider = await _store.AddMemberAsync("outsider", TeamRole.Admin, Guid.NewGuid());
        await InviteAsync();
        var pending = Assert.Single(await Invitations.ListAsync(_store.Admin));

        var revoke = await Invitations.RevokeAsync(outsider, pending.Id);

        Assert.Equal(OperationErrorKind.NotFound, revoke.ErrorOrFail().Kind);
        Assert.Single(await Invitations.ListAsync(_store.Admin));
    }
}
