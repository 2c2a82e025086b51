using AgentHub.Web.Components.Pages.AgentHub.Credentials;
using Bunit;
using MudBlazor;

namespace AgentHub.Tests.Web.Credentials;

/// <summary>The Credentials tab's table against the real services and a real SQLite file: columns, empty state, search, row menus, in-place updates, the team limit and what a viewer sees.</summary>
public sealed class CredentialTableTests : CredentialsTabTestBase
{
    [Fact]
    public void AnEmptyTeamShouldSeeWhatACredentialIsAndOneCreateButton()
    {
        var page = Open();

        page.Tab.WaitForAssertion(() => Assert.Contains("No credentials yet", page.Tab.Markup));
        Assert.Contains("A credential holds a model provider's key", page.Tab.Markup);
        Assert.Contains("0 / 200 credentials", page.Tab.Markup);
        Assert.False(page.CreateButton.HasAttribute("disabled"));
    }

    [Fact]
    public async Task TheTableShouldShowEveryColumnOfACredential()
    {
        var credential = await Mud.Store.CreateVerifiedAsync("Prod OpenAI", apiKey: GoodKey);
        await Mud.Store.ModelChanges.ConnectAsync(Mud.Store.Admin, new() { CredentialId = credential.Id, ModelId = "gpt-4o" });

        var page = Open();

        page.Tab.WaitForAssertion(() => Assert.Contains("Prod OpenAI", page.RowNames));
        var row = page.Row("Prod OpenAI");
        Assert.Equal("OpenAI", row[1]);
        Assert.Equal("Verified", row[3]);
        Assert.Equal("…9f3c", row[4]);
        Assert.Equal("1", row[5]);
        Assert.EndsWith("UTC", row[6]);
        Assert.EndsWith("UTC", row[7]);
        Assert.Equal(["Name", "Provider", "Description", "Status", "Key", "Models", "Last verified", "Updated", "Actions"],
            page.Tab.FindAll("thead th").Select(th => th.TextContent.Trim()));
        Assert.False(page.WhitespaceBetweenCells);
        Assert.Contains("1 / 200 credentials", page.Tab.Markup);
    }

    [Fact]
    public async Task TheRowMenuShouldOfferEditReverifyAndDeleteUnderItsAccessibleName()
    {
        await Mud.Store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
        var page = Open();
        page.Tab.WaitForAssertion(() => page.Tab.Find("button[aria-label='Actions for Prod']").Click());

        page.Popovers.WaitForAssertion(() => Assert.Equal(["Edit", "Re-verify", "Delete"], page.Popovers.FindAll(".mud-menu-item").Select(i => i.TextContent.Trim())));
    }

    [Fact]
    public async Task APageOfRowsShouldRenderNoMenuUntilARowsActionsAreOpened()
    {
        foreach (var name in new[] { "Alpha", "Beta", "Gamma" })
        {
            await Mud.Store.CreateVerifiedAsync(name, apiKey: GoodKey);
        }

        var page = Open();
        page.Tab.WaitForAssertion(() => Assert.Equal(["Alpha", "Beta", "Gamma"], page.RowNames));

        // Every row has its actions button, but no row pays for a menu (and its popover) it has not opened.
        Assert.Equal(3, page.Tab.FindAll("button[aria-label^='Actions for']").Count);
        Assert.Empty(page.Tab.FindComponents<MudMenu>());
        Assert.Empty(page.Tab.FindAll(".mud-menu"));

        page.RowAction("Beta", "Edit");

        page.Dialogs.WaitForAssertion(() => Assert.True(page.DialogOpen));
        Assert.Single(page.Tab.FindComponents<MudMenu>());
        Assert.Equal(3, page.Tab.FindAll("button[aria-label^='Actions for']").Count);
    }

    [Fact]
    public async Task SearchShouldFilterByNameDescriptionAndProvider()
    {
        await Mud.Store.CreateVerifiedAsync("Alpha", apiKey: GoodKey);
        await Mud.Store.CreateVerifiedAsync("Beta", ProviderIds.Anthropic, apiKey: GoodKey);
        var page = Open();
        page.Tab.WaitForAssertion(() => Assert.Equal(2, page.RowNames.Count));

        page.Tab.Find("input[placeholder='Name, description or provider']").Input(ProviderIds.Anthropic);

        page.Tab.WaitForAssertion(() => Assert.Equal(["Beta"], page.RowNames));
    }

    [Fact]
    public async Task CancellingTheEditDialogShouldReadNoRows()
    {
        await Mud.Store.CreateVerifiedAsync("Alpha", apiKey: GoodKey);
        var page = Open();
        page.Tab.WaitForAssertion(() => Assert.Equal(["Alpha"], page.RowNames));
        var queries = page.Tab.Instance.PageQueries;

        page.RowAction("Alpha", "Edit");
        page.Dialogs.WaitForAssertion(() => Assert.True(page.DialogOpen));
        page.ClickDialogButton("Cancel");
        page.Dialogs.WaitForAssertion(() => Assert.False(page.DialogOpen));

        Assert.Equal(queries, page.Tab.Instance.PageQueries);
    }

    [Fact]
    public async Task AReverifyShouldUpdateItsRowInPlaceWithoutReadingThePageAgain()
    {
        await Mud.Store.CreateVerifiedAsync("Alpha", apiKey: GoodKey);
        await Mud.Store.CreateVerifiedAsync("Beta", apiKey: GoodKey);
        var page = Open();
        page.Tab.WaitForAssertion(() => Assert.Equal(["Alpha", "Beta"], page.RowNames));
        var queries = page.Tab.Instance.PageQueries;
        Mud.Store.Verifier.AcceptOnlyKey("sk-another-key-0000000000");

        page.RowAction("Beta", "Re-verify");

        page.Tab.WaitForAssertion(() => Assert.Equal("Failed", page.Row("Beta")[3]));
        Assert.Equal("Verified", page.Row("Alpha")[3]);
        Assert.Equal(queries, page.Tab.Instance.PageQueries);
    }

    [Fact]
    public async Task ATeamAtTheLimitShouldSeeCreateDisabledWithTheReason()
    {
        await using var mud = await MudTestContext.CreateAsync(new Dictionary<string, string?> { ["AgentHub:Limits:CredentialsPerTeam"] = "2" });
        await mud.Store.CreateVerifiedAsync("One");
        await mud.Store.CreateVerifiedAsync("Two");

        var page = new CredentialsTabDriver(mud.Context);

        page.Tab.WaitForAssertion(() => Assert.Contains("2 / 2 credentials", page.Tab.Markup));
        Assert.True(page.CreateButton.HasAttribute("disabled"));
        Assert.Contains("Limit reached: delete a credential you no longer use to create another.", page.Tab.Markup);
        Assert.Equal("credential-limit-reason", page.CreateButton.GetAttribute("aria-describedby"));
    }

    [Fact]
    public async Task AViewerShouldSeeTheTableWithoutAnyAction()
    {
        await Mud.Store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
        var viewer = await Mud.Store.AddMemberAsync("viewer", AgentHub.Core.Teams.TeamRole.Viewer);
        ((FixedMember)Mud.Context.Services.GetRequiredService<AgentHub.Web.Accounts.ICurrentMember>()).Member =
            new AgentHub.Web.Accounts.Member(viewer, AgentHub.Core.Teams.TeamRole.Viewer);

        var page = Open();

        page.Tab.WaitForAssertion(() => Assert.Contains("Prod", page.RowNames));
        Assert.DoesNotContain(page.Tab.FindAll("button"), b => b.TextContent.Trim() == "Create");
        Assert.Empty(page.Tab.FindAll("button[aria-label^='Actions for']"));
    }
}
