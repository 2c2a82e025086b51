using AgentHub.Web.Components.Shared;
using Bunit;
using MudBlazor;

namespace AgentHub.Tests.Web.Shared;

/// <summary>
/// The extra headers' name/value rows keep both halves whatever order the server handles their events in.
/// Blazor Server runs an event with the handler the browser had when it sent it: one rendered before the
/// other field's change arrived still runs, and must not write back that field's old text.
/// </summary>
public sealed class HeaderRowsInputTests : IAsyncLifetime
{
    private MudTestContext _mud = null!;

    public async Task InitializeAsync() => _mud = await MudTestContext.CreateAsync();

    public async Task DisposeAsync() => await _mud.DisposeAsync();

    [Fact]
    public async Task AValueSentBeforeTheNamesChangeWasRenderedShouldKeepTheName()
    {
        string? published = null;
        var cut = _mud.Context.Render<HeaderRowsInput>(p => p
            .Add(c => c.Label, "Extra headers")
            .Add(c => c.ValueChanged, (string? v) => published = v));
        cut.FindAll("button").Single(b => b.TextContent.Contains("Add header")).Click();
        var fields = cut.FindComponents<MudTextField<string>>();
        var valueHandlerBeforeTheName = fields[1].Instance.ValueChanged;

        await cut.InvokeAsync(() => fields[0].Instance.ValueChanged.InvokeAsync("X-Gateway-Pad"));
        await cut.InvokeAsync(() => valueHandlerBeforeTheName.InvokeAsync("secret-header-value"));

        Assert.Equal("X-Gateway-Pad: secret-header-value", published);
    }

    [Fact]
    public async Task ANameSentBeforeTheValuesChangeWasRenderedShouldKeepTheValue()
    {
        string? published = null;
        var cut = _mud.Context.Render<HeaderRowsInput>(p => p
            .Add(c => c.Label, "Extra headers")
            .Add(c => c.ValueChanged, (string? v) => published = v));
        cut.FindAll("button").Single(b => b.TextContent.Contains("Add header")).Click();
        var fields = cut.FindComponents<MudTextField<string>>();
        var nameHandlerBeforeTheValue = fields[0].Instance.ValueChanged;

        await cut.InvokeAsync(() => fields[1].Instance.ValueChanged.InvokeAsync("secret-header-value"));
        await cut.InvokeAsync(() => nameHandlerBeforeTheValue.InvokeAsync("X-Gateway-Pad"));

        Assert.Equal("X-Gateway-Pad: secret-header-value", published);
    }
}
