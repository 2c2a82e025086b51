using AgentHub.Web.Components.Pages.AgentHub;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace AgentHub.Tests.Web.Pages;

public sealed class AgentHubPageTests : IAsyncLifetime
{
    private MudTestContext _mud = null!;

    public async Task InitializeAsync() => _mud = await MudTestContext.CreateAsync();

    public async Task DisposeAsync() => await _mud.DisposeAsync();

    [Theory]
    [InlineData("agent-hub/credentials", "Credentials")]
    [InlineData("agent-hub/models", "Models")]
    public void TheTabNamedByTheAddressShouldBeActive(string address, string expected)
    {
        _mud.Context.Services.GetRequiredService<NavigationManager>().NavigateTo(address);

        var page = _mud.Context.Render<AgentHubPage>();

        var active = page.WaitForElement(".mud-tab.mud-tab-active");
        Assert.Equal(expected, active.TextContent.Trim());
    }

    [Fact]
    public void ChoosingTheModelsTabShouldMoveToItsAddress()
    {
        var navigation = _mud.Context.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("agent-hub/credentials");
        var page = _mud.Context.Render<AgentHubPage>();

        page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Models").Click();

        Assert.EndsWith("/agent-hub/models", navigation.Uri);
    }

    [Fact]
    public async Task TheCredentialsTabShouldShowTheTeamsCountAgainstTheLimit()
    {
        await _mud.Store.CreateVerifiedAsync("One");
        _mud.Context.Services.GetRequiredService<NavigationManager>().NavigateTo("agent-hub/credentials");

        var page = _mud.Context.Render<AgentHubPage>();

        page.WaitForAssertion(() => Assert.Contains("1 / 200 credentials", page.Markup));
    }

    [Fact]
    public async Task AnAccountInvitedToAnotherTeamShouldSeeNoOfferAndJoinOnlyThroughTheLink()
    {
        var otherTeam = await _mud.Store.AddMemberAsync("other-admin", AgentHub.Core.Teams.TeamRole.Admin, Guid.NewGuid());
        var invitations = _mud.Store.Services.GetRequiredService<AgentHub.Core.Teams.InvitationService>();
        await invitations.InviteAsync(otherTeam, "test-admin@example.com", AgentHub.Core.Teams.TeamRole.Admin);
        var teams = _mud.Store.Services.GetRequiredService<AgentHub.Core.Teams.TeamService>();
        _mud.Context.Services.GetRequiredService<NavigationManager>().NavigateTo("agent-hub/credentials");

        var page = _mud.Context.Render<AgentHubPage>();

        page.WaitForAssertion(() => Assert.Contains("0 / 200 credentials", page.Markup));
        Assert.DoesNotContain("invited", page.Markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Trim().StartsWith("Join", StringComparison.Ordinal));
        Assert.Single(await teams.ListTeamsAsync(AgentHub.Tests.Support.TestStore.AdminUserId));
    }
}
