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
    [InlineData("agent-hub/Models/?page=2", "Models")]
    public void TheTabNamedByTheAddressShouldBeActive(string address, string expected)
    {
        _mud.Context.Services.GetRequiredService<NavigationManager>().NavigateTo(address);

        var page = _mud.Context.Render<AgentHubPage>();

        var active = page.WaitForElement(".mud-tab.mud-tab-active");
        Assert.Equal(expected, active.TextContent.Trim());
    }

    [Fact]
    public void EachTabShouldBeALinkToItsAddressInATabList()
    {
        _mud.Context.Services.GetRequiredService<NavigationManager>().NavigateTo("agent-hub/credentials");
        var page = _mud.Context.Render<AgentHubPage>();

        var tabs = page.FindAll("[role=tablist] > a[role=tab]");

        // The chosen tab links nowhere: choosing it again keeps the view its address holds.
        Assert.Equal(
            ["Credentials=", "Models=agent-hub/models", "Agent keys=agent-hub/agent-keys", "Usage=agent-hub/usage",
             "Activity=agent-hub/activity", "Members=agent-hub/members", "Alerts=agent-hub/alerts"],
            tabs.Select(t => $"{t.TextContent.Trim()}={t.GetAttribute("href")}"));
        // Only the chosen tab is in the page's tab order and says it is selected; the arrow keys reach the others.
        Assert.Equal(["true", "false", "false", "false", "false", "false", "false"], tabs.Select(t => t.GetAttribute("aria-selected")));
        Assert.Equal(["0", "-1", "-1", "-1", "-1", "-1", "-1"], tabs.Select(t => t.GetAttribute("tabindex")));
        Assert.Equal(tabs[0].Id, page.Find("[role=tabpanel]").GetAttribute("aria-labelledby"));
    }

    [Fact]
    public void ChoosingATabShouldShowItAndMoveItsUnderline()
    {
        var navigation = _mud.Context.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("agent-hub/credentials");
        var page = _mud.Context.Render<AgentHubPage>();
        Assert.Contains("left: calc(100% * 0 / 7)", page.Find(".mud-tab-slider").GetAttribute("style"));

        // A tab's link followed in the circuit: the router renders this same page again, with no new parameter.
        navigation.NavigateTo("agent-hub/models");

        page.WaitForAssertion(() => Assert.Equal("Models", page.Find(".mud-tab.mud-tab-active").TextContent.Trim()));
        Assert.Contains("left: calc(100% * 1 / 7)", page.Find(".mud-tab-slider").GetAttribute("style"));
        page.WaitForAssertion(() => Assert.Contains("Connect Model", page.Markup));
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
