using AgentHub.Core.Teams;
using AgentHub.Tests.Support;
using AgentHub.Web.Components.Pages.AgentHub.Members;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AgentHub.Tests.Web.Members;

public sealed class MembersTabTests : IAsyncLifetime
{
    private MudTestContext _mud = null!;

    public async Task InitializeAsync() => _mud = await MudTestContext.CreateAsync();

    public async Task DisposeAsync() => await _mud.DisposeAsync();

    [Fact]
    public async Task AnAdminShouldAddAMemberByEmailAndSeeThemListed()
    {
        await _mud.Store.AddMemberAsync("colleague", TeamRole.Viewer, Guid.NewGuid());
        var page = new TabDriver<MembersTab>(_mud.Context);
        page.Tab.WaitForAssertion(() => Assert.Single(page.Tab.FindAll("tbody tr")));

        page.Tab.FindAll("input").First(i => i.GetAttribute("placeholder") == "colleague@example.com").Change("colleague@example.com");
        page.Tab.Find("form").Submit();

        page.Tab.WaitForAssertion(() => Assert.Equal(2, page.Tab.FindAll("tbody tr").Count));
        Assert.Contains("colleague@example.com", page.Tab.Markup);
        page.Snackbars.WaitForAssertion(() => Assert.Contains("Added colleague@example.com as Viewer", page.Snackbars.Markup));
    }

    [Fact]
    public void RemovingTheLastAdminShouldBeRefusedWithTheReason()
    {
        var page = new TabDriver<MembersTab>(_mud.Context);
        page.Tab.WaitForAssertion(() => Assert.Single(page.Tab.FindAll("tbody tr")));

        page.Retry(() => page.Tab.Find("button[aria-label='Remove test-admin@example.com']").Click());

        page.Snackbars.WaitForAssertion(() => Assert.Contains("A team needs at least one admin", page.Snackbars.Markup));
        Assert.Single(page.Tab.FindAll("tbody tr"));
    }

    [Fact]
    public async Task AViewerShouldSeeTheMembersWithoutManagingThem()
    {
        var viewer = await _mud.Store.AddMemberAsync("viewer", TeamRole.Viewer);
        ((FixedMember)_mud.Context.Services.GetRequiredService<AgentHub.Web.Accounts.ICurrentMember>()).Member = new AgentHub.Web.Accounts.Member(viewer, TeamRole.Viewer);

        var page = new TabDriver<MembersTab>(_mud.Context);

        page.Tab.WaitForAssertion(() => Assert.Equal(2, page.Tab.FindAll("tbody tr").Count));
        Assert.Empty(page.Tab.FindAll("form"));
        Assert.DoesNotContain(page.Tab.FindAll("button"), b => b.TextContent.Trim() == "Remove");
    }

    [Fact]
    public void AnEmailWithoutAccountShouldGetOneWithTheTemporaryPassword()
    {
        var page = new TabDriver<MembersTab>(_mud.Context);
        page.Tab.WaitForAssertion(() => Assert.Single(page.Tab.FindAll("tbody tr")));

        page.Tab.FindAll("input").First(i => i.GetAttribute("placeholder") == "colleague@example.com").Change("new.person@example.com");
        page.Tab.FindAll("input").First(i => i.GetAttribute("type") == "password").Change("Temp-Passw0rd!");
        page.Tab.Find("form").Submit();

        page.Tab.WaitForAssertion(() => Assert.Equal(2, page.Tab.FindAll("tbody tr").Count));
        Assert.Contains("new.person@example.com", page.Tab.Markup);
        Assert.DoesNotContain("Temp-Passw0rd!", page.Tab.Markup);
    }
}
