using AgentHub.Core.Activity;

namespace AgentHub.Tests.Core.Teams;

/// <summary>Roles change, members leave, and a team always keeps an admin (joining is in InvitationServiceTests).</summary>
public sealed class TeamServiceTests : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private TeamService Teams => _store.Services.GetRequiredService<TeamService>();

    [Fact]
    public async Task TheLastAdminShouldNeitherBeDemotedNorRemoved()
    {
        var demote = await Teams.ChangeRoleAsync(_store.Admin, TestStore.AdminUserId, TeamRole.Viewer);
        var remove = await Teams.RemoveMemberAsync(_store.Admin, TestStore.AdminUserId);

        Assert.Equal(OperationErrorKind.Conflict, demote.ErrorOrFail().Kind);
        Assert.Contains("at least one admin", demote.ErrorOrFail().Message);
        Assert.Equal(OperationErrorKind.Conflict, remove.ErrorOrFail().Kind);
        Assert.Equal(TeamRole.Admin, Assert.Single(await Teams.ListMembersAsync(_store.Admin)).Role);
    }

    [Fact]
    public async Task WithASecondAdminOneMayStepDownAndChangesShouldBeLogged()
    {
        var second = await _store.AddMemberAsync("second", TeamRole.Admin);

        var demoted = await Teams.ChangeRoleAsync(_store.Admin, second.UserId, TeamRole.Viewer);
        var removed = await Teams.RemoveMemberAsync(_store.Admin, second.UserId);
        var log = await _store.Services.GetRequiredService<ActivityLog>().ListAsync(_store.Admin);

        Assert.True(demoted.Succeeded);
        Assert.True(removed.Succeeded);
        Assert.Equal(["Member removed", "Member role changed"], log.Select(e => e.Action));
        Assert.Equal("Admin → Viewer", log[1].Details);
    }

    [Fact]
    public async Task AViewerShouldNotManageMembers()
    {
        var viewer = await _store.AddMemberAsync("viewer", TeamRole.Viewer);

        var add = await _store.Services.GetRequiredService<InvitationService>().InviteAsync(viewer, "someone@example.com", TeamRole.Admin);
        var promote = await Teams.ChangeRoleAsync(viewer, viewer.UserId, TeamRole.Admin);

        Assert.Equal(OperationErrorKind.Forbidden, add.ErrorOrFail().Kind);
        Assert.Equal(OperationErrorKind.Forbidden, promote.ErrorOrFail().Kind);
    }

    [Fact]
    public async Task SwitchingShouldOnlyReachTeamsTheUserBelongsTo()
    {
        var other = await _store.AddMemberAsync(TestStore.AdminUserId, TeamRole.Viewer, Guid.NewGuid());

        var toOwn = await Teams.SwitchAsync(TestStore.AdminUserId, other.TeamId);
        var current = await Teams.CurrentTeamAsync(TestStore.AdminUserId);
        var toForeign = await Teams.SwitchAsync(TestStore.AdminUserId, Guid.NewGuid());

        Assert.True(toOwn);
        Assert.Equal((other.TeamId, TeamRole.Viewer), (current!.TeamId, current.Role));
        Assert.False(toForeign);
        Assert.Equal(other.TeamId, (await Teams.CurrentTeamAsync(TestStore.AdminUserId))!.TeamId);
    }

    [Fact]
    public async Task ANewTeamShouldMakeItsCreatorAdminAndTheirCurrentTeam()
    {
        var created = await Teams.CreateTeamAsync(TestStore.AdminUserId, "  Research  ");
        var blank = await Teams.CreateTeamAsync(TestStore.AdminUserId, " ");

        Assert.True(created.Succeeded, created.Error?.Message);
        Assert.Equal(("Research", TeamRole.Admin), (created.Value.Name, created.Value.Role));
        Assert.Equal(created.Value.TeamId, (await Teams.CurrentTeamAsync(TestStore.AdminUserId))!.TeamId);
        Assert.Equal(2, (await Teams.ListTeamsAsync(TestStore.AdminUserId)).Count);
        Assert.Empty(await _store.CredentialReader.ListAsync(new Actor(TestStore.AdminUserId, created.Value.TeamId)));
        Assert.Contains("Team name is required", blank.ErrorOrFail().Message);
    }
}
