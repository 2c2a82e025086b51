using Bunit;
using Microsoft.AspNetCore.Components;

namespace AgentHub.Tests.Web.Models;

/// <summary>The Models tab's table over the real services: columns, empty state, search, the URL's view, row menus, statuses that follow the credential, Cancel and what a viewer sees.</summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class ModelTableTests(FakeProviders fakes) : ModelsTabTestBase(fakes)
{
    [Fact]
    public void AnEmptyTeamShouldSeeWhatAModelConnectionIs()
    {
        var page = Open();

        page.Tab.WaitForAssertion(() => Assert.Contains("No models connected yet", page.Tab.Markup));
        Assert.NotNull(page.TabButton("Connect Model"));
    }

    [Fact]
    public async Task TheTableShouldShowModelProviderCredentialParametersStatusAndDate()
    {
        await ModelAsync(await CredentialAsync("Prod OpenAI"), "gpt-4o");

        var page = Open();

        page.Tab.WaitForAssertion(() => Assert.Contains("gpt-4o", page.RowNames));
        var row = page.Row("gpt-4o");
        Assert.Equal(["gpt-4o", "OpenAI", "Prod OpenAI", "temperature 0.3", "Connected"], row.Take(5));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", row[5]);
        Assert.Equal(["Model", "Provider", "Credential", "Parameters", "Status", "Connected", "Alias", "Actions"], page.Tab.FindAll("thead th").Select(th => th.TextContent.Trim()));
        Assert.False(page.WhitespaceBetweenCells);
    }

    [Fact]
    public async Task TheRowMenuShouldOfferEditTestAndDelete()
    {
        await ModelAsync(await CredentialAsync("Prod OpenAI"), "gpt-4o");
        var page = Open();

        page.Tab.WaitForAssertion(() => page.Tab.Find("button[aria-label='Actions for gpt-4o']").Click());

        page.Popovers.WaitForAssertion(() => Assert.Equal(["Edit", "Test", "Delete"], page.Popovers.FindAll(".mud-menu-item").Select(i => i.TextContent.Trim())));
    }

    [Fact]
    public async Task AModelWhoseCredentialWasDeletedShouldBeInvalidAndRecoverThroughEdit()
    {
        var first = await CredentialAsync("Old key");
        await CredentialAsync("New key");
        await ModelAsync(first, "gpt-4o");
        await Mud.Store.CredentialChanges.DeleteAsync(Mud.Store.Admin, first.Id);
        var page = Open();
        page.Tab.WaitForAssertion(() => Assert.Contains("Credential 'Old key' was deleted", page.Tab.Markup));
        Assert.Equal("Invalid", page.Tab.FindAll("tbody tr td")[4].QuerySelector(".mud-chip")!.TextContent.Trim());

        page.RowAction("gpt-4o", "Edit");
        page.WaitForField("Credential");
        page.Choose("Credential", "New key");
        page.ClickDialogButton("Save");

        page.Tab.WaitForAssertion(() => Assert.Equal(["gpt-4o", "OpenAI", "New key", "temperature 0.3", "Connected"], page.Row("gpt-4o").Take(5)));
    }

    [Fact]
    public async Task AModelWhoseCredentialFailsShouldBeUnavailableUntilItVerifiesAgain()
    {
        var credential = await CredentialAsync("Rotating");
        await ModelAsync(credential, "gpt-4o");
        Fakes.OpenAi.ValidKey = "a-key-that-was-rotated-00";
        await Mud.Store.CredentialVerification.VerifyAsync(Mud.Store.Admin, credential.Id);

        var page = Open();
        page.Tab.WaitForAssertion(() => Assert.Contains("Credential 'Rotating' is Failed", page.Tab.Markup));
        Assert.Contains("Unavailable", page.Row("gpt-4o")[4]);

        Fakes.OpenAi.Reset();
        await Mud.Store.CredentialVerification.VerifyAsync(Mud.Store.Admin, credential.Id);
        page.Reload();
        page.Tab.WaitForAssertion(() => Assert.Equal("Connected", page.Row("gpt-4o")[4]));
    }

    [Fact]
    public async Task DeleteShouldConfirmFirstAndKeepTheCredential()
    {
        var credential = await CredentialAsync("Prod OpenAI");
        await ModelAsync(credential, "gpt-4o");
        var page = Open();
        page.Tab.WaitForAssertion(() => page.RowAction("gpt-4o", "Delete"));

        page.Dialogs.WaitForAssertion(() => Assert.Contains("Delete model 'gpt-4o'?", page.Dialogs.Markup));
        page.ClickDialogButton("Delete");

        page.Tab.WaitForAssertion(() => Assert.Contains("No models connected yet", page.Tab.Markup));
        Assert.Equal(0, (await Mud.Store.CredentialReader.ListAsync(Mud.Store.Admin)).Single().ModelCount);
    }

    [Fact]
    public async Task SearchShouldFilterByModelProviderAndCredential()
    {
        await ModelAsync(await CredentialAsync("OpenAI key"), "gpt-4o");
        await ModelAsync(await CredentialAsync("Claude key", ProviderIds.Anthropic), "claude-sonnet-4-5");
        var page = Open();
        page.Tab.WaitForAssertion(() => Assert.Equal(2, page.RowNames.Count));

        page.Tab.Find("input[placeholder='Model, provider or credential']").Input("claude key");

        page.Tab.WaitForAssertion(() => Assert.Equal(["claude-sonnet-4-5"], page.RowNames));
    }

    [Fact]
    public async Task TheUrlsPageSortAndSearchShouldShowThatViewAndFollowTheSearchBox()
    {
        var credential = await CredentialAsync("OpenAI key");
        foreach (var i in Enumerable.Range(10, 30))
        {
            await ModelAsync(credential, $"gpt-{i}");
        }

        await ModelAsync(credential, "o1-mini");
        var navigation = Mud.Context.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("agent-hub/models?page=2&sort=model&desc=true&q=GPT");

        var page = Open();

        // 30 matches, newest model ID first: the second page of 25 holds the last five.
        page.Tab.WaitForAssertion(() => Assert.Equal(["gpt-14", "gpt-13", "gpt-12", "gpt-11", "gpt-10"], page.RowNames));
        Assert.Equal("GPT", page.Tab.Find("input[placeholder='Model, provider or credential']").GetAttribute("value"));

        page.Tab.Find("input[placeholder='Model, provider or credential']").Input("o1");

        page.Tab.WaitForAssertion(() => Assert.Equal(["o1-mini"], page.RowNames));
        page.Tab.WaitForAssertion(() => Assert.EndsWith("agent-hub/models?sort=model&desc=true&q=o1", navigation.Uri));
    }

    [Fact]
    public async Task CancellingConnectOrEditShouldReadNoRows()
    {
        await ModelAsync(await CredentialAsync("OpenAI key"), "gpt-4o");
        var page = Open();
        page.Tab.WaitForAssertion(() => Assert.Equal(["gpt-4o"], page.RowNames));
        var queries = page.Tab.Instance.PageQueries;

        page.Retry(() => page.TabButton("Connect Model").Click());
        page.Dialogs.WaitForAssertion(() => Assert.True(page.DialogOpen));
        page.ClickDialogButton("Cancel");
        page.Dialogs.WaitForAssertion(() => Assert.False(page.DialogOpen));
        page.RowAction("gpt-4o", "Edit");
        page.Dialogs.WaitForAssertion(() => Assert.True(page.DialogOpen));
        page.ClickDialogButton("Cancel");
        page.Dialogs.WaitForAssertion(() => Assert.False(page.DialogOpen));

        Assert.Equal(queries, page.Tab.Instance.PageQueries);
        Assert.Equal(["gpt-4o"], page.RowNames);
    }

    [Fact]
    public async Task AViewerShouldSeeTheModelsWithoutConnectOrActions()
    {
        await ModelAsync(await CredentialAsync("Prod OpenAI"), "gpt-4o");
        var viewer = await Mud.Store.AddMemberAsync("viewer", AgentHub.Core.Teams.TeamRole.Viewer);
        ((FixedMember)Mud.Context.Services.GetRequiredService<AgentHub.Web.Accounts.ICurrentMember>()).Member =
            new AgentHub.Web.Accounts.Member(viewer, AgentHub.Core.Teams.TeamRole.Viewer);

        var page = Open();

        page.Tab.WaitForAssertion(() => Assert.Contains("gpt-4o", page.RowNames));
        Assert.DoesNotContain(page.Tab.FindAll("button"), b => b.TextContent.Trim() == "Connect Model");
        Assert.Empty(page.Tab.FindAll("button[aria-label^='Actions for']"));
    }
}
