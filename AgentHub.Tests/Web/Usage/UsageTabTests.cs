using AgentHub.Tests.Core.Usage;
using AgentHub.Web.Components.Pages.AgentHub.Usage;
using Bunit;

namespace AgentHub.Tests.Web.Usage;

public sealed class UsageTabTests : IAsyncLifetime
{
    private MudTestContext _mud = null!;

    public async Task InitializeAsync() => _mud = await MudTestContext.CreateAsync();

    public async Task DisposeAsync() => await _mud.DisposeAsync();

    [Fact]
    public async Task TheTabShouldChartTheCallsAndShowTheirNumbersAndErrors()
    {
        var now = DateTime.UtcNow;
        await UsageRecordingTests.AddAsync(_mud.Store,
            UsageRecordingTests.Row(_mud.Store.TeamId, now.AddMinutes(-3), latency: 40),
            UsageRecordingTests.Row(_mud.Store.TeamId, now.AddMinutes(-2), latency: 60),
            UsageRecordingTests.Row(_mud.Store.TeamId, now.AddMinutes(-1), latency: 900, error: "Timeout"));

        var page = new TabDriver<UsageTab>(_mud.Context);

        page.Tab.WaitForAssertion(() => Assert.Contains("Requests3", Flat(page.Tab.Find("[data-testid=usage-numbers]").TextContent)));
        var numbers = Flat(page.Tab.Find("[data-testid=usage-numbers]").TextContent);
        Assert.Contains("Errors1", numbers);
        Assert.Contains("Inputtokens30", numbers);
        Assert.Contains("Latencyp5040ms", numbers);
        Assert.Contains("Latencyp9560ms", numbers);
        Assert.Equal(2, page.Tab.FindAll(".mud-chart svg").Count);
        Assert.Contains("gpt-4o", page.Tab.Markup);
        var error = page.Tab.Find("table[aria-label='Errors by class'] tbody tr").TextContent;
        Assert.Contains("Timeout", error);
    }

    private static string Flat(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}
