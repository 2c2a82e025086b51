using AgentHub.Web.Components.Pages.AgentHub.Members;
using Bunit;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Tests.Web.Members;

public sealed class MembersTabTests : IAsyncLifetime
{
    private MudTestContext _mud = null!;

    public async Task InitializeAsync() => _mud = await MudTestContext.CreateAsync();

    public async Task DisposeAsync() => await _mud.DisposeAsync();

    private static void Invite(TabDriver<MembersTab> page, string email)
    {
        page.Tab.WaitForAssertion(() => Assert.NotEmpty(page.Tab.FindAll("tbody tr")));
        page.Retry(() => page.Tab.FindAll("input").First(i => i.GetAttribute("placeholder") == "colleague@example.com").Change(email));
        page.Retry(() => page.Tab.Find("form").Submit());
    }

    [Fact]
    public void TheInviteFormShouldHaveNoPasswordField()
    {
        var page = new TabDriver<MembersTab>(_mud.Context);

        page.Tab.WaitForAssertion(() => Assert.Single(page.Tab.FindAll("tbody tr")));

        Assert.Empty(page.Tab.FindAll("input[type='password']"));
        Assert.Equal("Invite", page.Tab.Find("form button[type='submit']").TextContent.Trim());
    }

    [Fact]
    public async Task InvitingANewEmailShouldShowItsLinkOnceAndListThemAsInvited()
    {
        var page = new TabDriver<MembersTab>(_mud.Context);

        Invite(page, "new.person@example.com");

        page.Tab.WaitForAssertion(() => Assert.Equal(2, page.Tab.FindAll("tbody tr").Count));
        Assert.Equal(["new.person@example.com", "Viewer", "Invited", "Revoke"], page.Row("new.person@example.com"));
        var link = page.Tab.FindAll("input").Single(i => (i.GetAttribute("value") ?? "").Contains("/account/invitation/")).GetAttribute("value")!;
        Assert.StartsWith("http://localhost/account/invitation/", link);
        await using (var db = await _mud.Store.OpenDbAsync())
        {
            Assert.Equal(InvitationToken.Hash(link.Split('/').Last()), (await db.Invitations.SingleAsync()).TokenHash);
        }

        page.Reload();
        page.Tab.WaitForAssertion(() => Assert.Equal(2, page.Tab.FindAll("tbody tr").Count));
        Assert.DoesNotContain("/account/invitation/", page.Tab.Markup);
    }

    [Fact]
    public async Task InvitingAnExistingAccountShouldListItAsInvitedUntilItAccepts()
    {
        await _mud.Store.AddMemberAsync("colleague", TeamRole.Viewer, Guid.NewGuid());
        var page = new TabDriver<MembersTab>(_mud.Context);

        Invite(page, "colleague@example.com");

        page.Tab.WaitForAssertion(() => Assert.Equal(2, page.Tab.FindAll("tbody tr").Count));
        Assert.Equal("Invited", page.Row("colleague@example.com")[2]);
        page.Snackbars.WaitForAssertion(() => Assert.Contains("Invited colleague@example.com as Viewer", page.Snackbars.Markup));
        Assert.DoesNotContain(await _mud.Store.Services.GetRequiredService<TeamService>().ListMembersAsync(_mud.Store.Admin), m => m.UserId == "colleague");
    }

    [Fact]
    public async Task RevokingShouldRemoveTheInvitedRow()
    {
        await _mud.Store.Services.GetRequiredService<InvitationService>().InviteAsync(_mud.Store.Admin, "new.person@example.com", TeamRole.Admin);
        var page = new TabDriver<MembersTab>(_mud.Context);
        page.Tab.WaitForAssertion(() => Assert.Equal(2, page.Tab.FindAll("tbody tr").Count));

        page.Retry(() => page.Tab.Find("button[aria-label='Revoke the invitation of new.person@example.com']").Click());

        page.Tab.WaitForAssertion(() => Assert.Single(page.Tab.FindAll("tbody tr")));
        page.Snackbars.WaitForAssertion(() => Assert.Contains("Revoked the invitation of new.person@example.com", page.Snackbars.Markup));
        Assert.Empty(await _mud.Store.Services.GetRequiredService<InvitationService>().ListAsync(_mud.Store.Admin));
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
}
