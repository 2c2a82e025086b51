using Bunit;

namespace AgentHub.Tests.Web.Credentials;

/// <summary>A key's expiry, where its provider reported one, in small text under the Key column.</summary>
public sealed class CredentialExpiryTests : IAsyncLifetime
{
    private readonly MutableClock _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private MudTestContext _mud = null!;

    public async Task InitializeAsync() => _mud = await MudTestContext.CreateAsync(
        configure: s => s.AddSingleton<TimeProvider>(_clock), prepare: c => c.Services.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync() => await _mud.DisposeAsync();

    private Task CreateWithExpiryAsync(string name, DateTime? expiresAt)
    {
        _mud.Store.Verifier.Answer = (_, _) => Task.FromResult(VerificationResult.Verified("OpenAI") with { ExpiresAt = expiresAt });
        return _mud.Store.CreateVerifiedAsync(name);
    }

    [Fact]
    public async Task TheRowShouldSayInHowManyDaysTheKeyExpiresOrThatItExpired()
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        await CreateWithExpiryAsync("Soon", now.AddDays(12).AddHours(3));
        await CreateWithExpiryAsync("Past", now.AddDays(-1));
        await CreateWithExpiryAsync("Unknown", null);

        var page = new CredentialsTabDriver(_mud.Context);

        page.Tab.WaitForAssertion(() => Assert.Equal(3, page.Tab.FindAll("tbody tr").Count));
        Assert.Contains("expires in 12 days", page.Row("Soon")[4]);
        Assert.Contains("expired", page.Row("Past")[4]);
        Assert.DoesNotContain("expire", page.Row("Unknown")[4]);
    }
}
