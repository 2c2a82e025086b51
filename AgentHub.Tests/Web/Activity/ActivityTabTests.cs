using AgentHub.Web.Components.Pages.AgentHub.Activity;
using Bunit;

namespace AgentHub.Tests.Web.Activity;

public sealed class ActivityTabTests : IAsyncLifetime
{
    private MudTestContext _mud = null!;

    public async Task InitializeAsync() => _mud = await MudTestContext.CreateAsync();

    public async Task DisposeAsync() => await _mud.DisposeAsync();

    [Fact]
    public async Task TheTabShouldListChangesNewestFirstAndFilterByObject()
    {
        await _mud.Store.CreateVerifiedAsync("Alpha key");
        await _mud.Store.CreateVerifiedAsync("Beta key");
        var page = new TabDriver<ActivityTab>(_mud.Context);

        page.Tab.WaitForAssertion(() => Assert.Equal(4, page.Tab.FindAll("tbody tr").Count));
        var first = page.Tab.FindAll("tbody tr")[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["test-admin@example.com", "Credential verified", "Beta key", "Result: Verified"], first.Skip(1));
        Assert.Equal(["Time", "User", "Action", "Object", "Details"], page.Tab.FindAll("thead th").Select(th => th.TextContent.Trim()));

        page.Tab.FindAll("input").First(i => i.GetAttribute("placeholder") == "Credential or model name").Input("alpha");

        page.Tab.WaitForAssertion(() => Assert.All(page.Tab.FindAll("tbody tr"), r => Assert.Contains("Alpha key", r.TextContent)), TimeSpan.FromSeconds(5));
        Assert.Equal(2, page.Tab.FindAll("tbody tr").Count);
    }
}
