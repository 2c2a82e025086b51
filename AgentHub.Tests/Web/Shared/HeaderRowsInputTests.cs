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

    [Theory]
    [InlineData(1)] // the value pasted with the handler rendered before the name was typed (the CI failure's order)
    [InlineData(0)] // the name typed with the handler rendered before the value was pasted
    public async Task AFieldSentBeforeTheOtherFieldsChangeWasRenderedShouldKeepTheOtherField(int stale)
    {
        string[] typed = ["X-Gateway-Pad", "secret-header-value"];
        string? published = null;
        var cut = _mud.Context.Render<HeaderRowsInput>(p => p
            .Add(c => c.Label, "Extra headers")
            .Add(c => c.ValueChanged, (string? v) => published = v));
        cut.FindAll("button").Single(b => b.TextContent.Contains("Add header")).Click();
        var fields = cut.FindComponents<MudTextField<string>>();
        var renderedBeforeTheOther = fields[stale].Instance.ValueChanged;

        await cut.InvokeAsync(() => fields[1 - stale].Instance.ValueChanged.InvokeAsync(typed[1 - stale]));
        await cut.InvokeAsync(() => renderedBeforeTheOther.InvokeAsync(typed[stale]));

        Assert.Equal("X-Gateway-Pad: secret-header-value", published);
    }
}
