using AgentHub.Web.Components.Pages.AgentHub.Credentials;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Time.Testing;

namespace AgentHub.Tests.Web.Credentials;

/// <summary>What the Credentials tab says about checks: when, since when failing and why, and the Needs attention filter.</summary>
public sealed class CredentialHealthRowTests : IAsyncLifetime
{
    private const string GoodKey = "sk-good-key-000000009f3c";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 14, 0, TimeSpan.Zero));
    private MudTestContext _mud = null!;

    public async Task InitializeAsync()
    {
        // The clock in the Core services and in the page's own (MudBlazor registers the system clock there).
        _mud = await MudTestContext.CreateAsync(configure: s => s.AddSingleton<TimeProvider>(_clock), prepare: c => c.Services.AddSingleton<TimeProvider>(_clock));
        _mud.Store.Verifier.AcceptOnlyKey(GoodKey);
    }

    public async Task DisposeAsync() => await _mud.DisposeAsync();

    private CredentialsTabDriver Open() => new(_mud.Context);

    private NavigationManager Navigation => _mud.Context.Services.GetRequiredService<NavigationManager>();

    [Fact]
    public async Task AFailedRowShouldSaySinceWhenAndWhyAndWhenItWasLastChecked()
    {
        await _mud.Store.CreateVerifiedAsync("Good", apiKey: GoodKey);
        var broken = await _mud.Store.CreateVerifiedAsync("Broken", apiKey: "sk-revoked-key-000000001");
        _clock.Advance(TimeSpan.FromHours(2));

        var page = Open();

        page.Tab.WaitForAssertion(() => Assert.Equal(2, page.RowNames.Count));
        Assert.Equal("Failed", page.Row("Broken")[3]);
        var status = page.RowText("Broken")[3];
        Assert.Contains($"Failing since 09:14: {broken.StatusMessage}", status);
        Assert.Contains("Checked 2 h ago", status);
        Assert.Contains(page.Tab.FindAll("[title]"), e => e.GetAttribute("title") == "2026-11-27 09:14 UTC" && e.TextContent.StartsWith("Checked", StringComparison.Ordinal));
        Assert.Equal("Verified", page.Row("Good")[3]);
        Assert.DoesNotContain("Failing", page.RowText("Good")[3]);
        Assert.Contains("Checked 2 h ago", page.RowText("Good")[3]);
    }

    [Fact]
    public void CheckTimesShouldReadRelativeAndGiveTheDateOfAFailureBeforeToday()
    {
        var now = new DateTime(2026, 11, 27, 11, 0, 0, DateTimeKind.Utc);

        Assert.Equal("just now", CheckTimes.Ago(now.AddSeconds(-20), now));
        Assert.Equal("5 min ago", CheckTimes.Ago(now.AddMinutes(-5), now));
        Assert.Equal("2 h ago", CheckTimes.Ago(now.AddHours(-2), now));
        Assert.Equal("3 d ago", CheckTimes.Ago(now.AddDays(-3), now));
        Assert.Equal("09:14", CheckTimes.Since(new DateTime(2026, 11, 27, 9, 14, 0, DateTimeKind.Utc), now));
        Assert.Equal("2026-11-26 09:14", CheckTimes.Since(new DateTime(2026, 11, 26, 9, 14, 0, DateTimeKind.Utc), now));
    }

    [Fact]
    public async Task NeedsAttentionShouldShowItsCountFilterInTheQueryAndKeepItInTheUrl()
    {
        await _mud.Store.CreateVerifiedAsync("Alpha", apiKey: GoodKey);
        await _mud.Store.CreateVerifiedAsync("Beta", apiKey: GoodKey);
        await _mud.Store.CreateVerifiedAsync("Broken", apiKey: "sk-revoked-key-000000001");
        var page = Open();
        page.Tab.WaitForAssertion(() => Assert.Equal(3, page.RowNames.Count));

        page.Retry(() => page.TabButton("Needs attention (1)").Click());

        page.Tab.WaitForAssertion(() => Assert.Equal(["Broken"], page.RowNames));
        page.Tab.WaitForAssertion(() => Assert.EndsWith("?filter=attention", Navigation.Uri));
        Assert.Equal("true", page.TabButton("Needs attention (1)").GetAttribute("aria-pressed"));

        page.Retry(() => page.TabButton("Needs attention (1)").Click());

        page.Tab.WaitForAssertion(() => Assert.Equal(["Alpha", "Beta", "Broken"], page.RowNames));
        page.Tab.WaitForAssertion(() => Assert.DoesNotContain("filter=", Navigation.Uri));
    }

    [Fact]
    public async Task ALinkWithTheFilterShouldOpenFilteredAndSayWhenNothingNeedsAttention()
    {
        await _mud.Store.CreateVerifiedAsync("Alpha", apiKey: GoodKey);
        Navigation.NavigateTo("agent-hub/credentials?filter=attention");

        var page = Open();

        page.Tab.WaitForAssertion(() => Assert.Contains("No credential needs attention.", page.Tab.Markup));
        Assert.DoesNotContain("Alpha", page.RowNames);
        Assert.Equal("true", page.TabButton("Needs attention (0)").GetAttribute("aria-pressed"));
    }
}
