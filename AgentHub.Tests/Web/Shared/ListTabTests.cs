using AgentHub.Tests.Web.Models;
using AgentHub.Web.Components.Pages.AgentHub.Models;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace AgentHub.Tests.Web.Shared;

/// <summary>
/// What every list tab does with its rows (<c>ListTabBase</c>), shown on the Models tab: its headers
/// sort and its pager pages in the database, and the URL keeps up.
/// </summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class ListTabTests(FakeProviders fakes) : ModelsTabTestBase(fakes)
{
    [Fact]
    public async Task AColumnsHeaderShouldSortByItThenTheOtherWayFromTheFirstPage()
    {
        await ThirtyModelsAsync();
        var navigation = Navigation();
        navigation.NavigateTo("agent-hub/models?page=2");
        var page = Open();
        page.Tab.WaitForAssertion(() => Assert.Equal(["gpt-35", "gpt-36", "gpt-37", "gpt-38", "gpt-39"], page.RowNames));
        Assert.Equal("ascending", Header(page, "Model").GetAttribute("aria-sort"));

        page.Retry(() => SortButton(page, "Alias").Click());

        // The aliases run the other way round from the model IDs (gpt-39 is agent-30).
        page.Tab.WaitForAssertion(() => Assert.Equal(["gpt-39", "gpt-38"], page.RowNames.Take(2)));
        Assert.Equal(25, page.RowNames.Count);
        Assert.Equal("ascending", Header(page, "Alias").GetAttribute("aria-sort"));
        Assert.Null(Header(page, "Model").GetAttribute("aria-sort"));
        Assert.EndsWith("agent-hub/models?sort=alias", navigation.Uri);

        page.Retry(() => SortButton(page, "Alias").Click());

        page.Tab.WaitForAssertion(() => Assert.Equal(["gpt-10", "gpt-11"], page.RowNames.Take(2)));
        Assert.Equal("descending", Header(page, "Alias").GetAttribute("aria-sort"));
        Assert.EndsWith("agent-hub/models?sort=alias&desc=true", navigation.Uri);
    }

    [Fact]
    public async Task ThePagerShouldSayWhichRowsItShowsAndStepThroughThePages()
    {
        await ThirtyModelsAsync();
        var navigation = Navigation();
        navigation.NavigateTo("agent-hub/models");
        var page = Open();
        page.Tab.WaitForAssertion(() => Assert.Equal("1-25 of 30", PagerInfo(page)));
        Assert.True(PagerButton(page, "Previous page").HasAttribute("disabled"));

        page.Retry(() => PagerButton(page, "Next page").Click());

        page.Tab.WaitForAssertion(() => Assert.Equal("26-30 of 30", PagerInfo(page)));
        Assert.Equal(["gpt-35", "gpt-36", "gpt-37", "gpt-38", "gpt-39"], page.RowNames);
        Assert.EndsWith("agent-hub/models?page=2", navigation.Uri);
        Assert.True(PagerButton(page, "Last page").HasAttribute("disabled"));

        page.Retry(() => PagerButton(page, "First page").Click());

        page.Tab.WaitForAssertion(() => Assert.Equal("1-25 of 30", PagerInfo(page)));
        Assert.Equal("gpt-10", page.RowNames[0]);
        Assert.EndsWith("agent-hub/models", navigation.Uri);
    }

    [Fact]
    public async Task ALinkToAPagePastTheEndShouldShowTheLastPage()
    {
        await ThirtyModelsAsync();
        var navigation = Navigation();
        navigation.NavigateTo("agent-hub/models?page=9");

        var page = Open();

        page.Tab.WaitForAssertion(() => Assert.Equal(["gpt-35", "gpt-36", "gpt-37", "gpt-38", "gpt-39"], page.RowNames));
        Assert.Equal("26-30 of 30", PagerInfo(page));
        Assert.EndsWith("agent-hub/models?page=2", navigation.Uri);
    }

    [Fact]
    public async Task DeletingTheOnlyRowOfTheLastPageShouldShowThePageBefore()
    {
        await ThirtyModelsAsync(count: 26);
        var navigation = Navigation();
        navigation.NavigateTo("agent-hub/models?page=2");
        var page = Open();
        page.Tab.WaitForAssertion(() => Assert.Equal(["gpt-35"], page.RowNames));

        page.RowAction("gpt-35", "Delete");
        page.Dialogs.WaitForAssertion(() => Assert.Contains("Delete model 'gpt-35'?", page.Dialogs.Markup));
        page.ClickDialogButton("Delete");

        page.Tab.WaitForAssertion(() => Assert.Equal("1-25 of 25", PagerInfo(page)));
        Assert.Equal(25, page.RowNames.Count);
        Assert.EndsWith("agent-hub/models", navigation.Uri);
    }

    private async Task ThirtyModelsAsync(int count = 30)
    {
        var credential = await CredentialAsync("OpenAI key");
        foreach (var i in Enumerable.Range(10, count))
        {
            var connected = await Mud.Store.ModelChanges.ConnectAsync(Mud.Store.Admin, new() { CredentialId = credential.Id, ModelId = $"gpt-{i}", Alias = $"agent-{69 - i}" });
            Assert.True(connected.Succeeded);
        }
    }

    private NavigationManager Navigation() => Mud.Context.Services.GetRequiredService<NavigationManager>();

    private static AngleSharp.Dom.IElement Header(TabDriver<ModelsTab> page, string name) =>
        page.Tab.FindAll("thead th").Single(th => th.TextContent.Trim() == name);

    private static AngleSharp.Dom.IElement SortButton(TabDriver<ModelsTab> page, string name) =>
        Header(page, name).QuerySelector("button")!;

    private static string PagerInfo(TabDriver<ModelsTab> page) =>
        page.Tab.Find(".mud-table-page-number-information").TextContent.Trim();

    private static AngleSharp.Dom.IElement PagerButton(TabDriver<ModelsTab> page, string label) =>
        page.Tab.Find($"button[aria-label='{label}']");
}
