using AgentHub.Core.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AgentHub.Tests.Core.Alerts;

/// <summary>
/// Alert messages are not kept for ever: finished ones (delivered or given up) older than
/// <c>AgentHub:Alerts:Retention</c> are deleted, on a fake clock, on both stores.
/// </summary>
public sealed class AlertRetentionTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    private Task<TestStore> StoreAsync(StoreKind kind) =>
        TestStore.CreateAsync(new Dictionary<string, string?> { ["AgentHub:Alerts:Retention"] = "30.00:00:00", ["AgentHub:Network:AllowPrivateEndpoints"] = "true" }, store: kind,
            configure: s => s.AddSingleton<TimeProvider>(_clock));

    private DateTime DaysAgo(double days) => _clock.GetUtcNow().UtcDateTime.AddDays(-days);

    /// <summary>Adds a message raised at <paramref name="occurredAt"/>, delivered or given up (or neither) at the times given.</summary>
    private static async Task<Guid> AddAsync(
        TestStore store, string name, DateTime occurredAt, DateTime? deliveredAt = null, DateTime? gaveUpAt = null,
        AlertKind kind = AlertKind.Test, Guid? credentialId = null, DateTime? expiresAt = null)
    {
        await using var db = await store.OpenDbAsync();
        var delivery = AlertDelivery.Create(store.TeamId, credentialId, name, "OpenAI", kind, "Verified", null, expiresAt, occurredAt);
        db.Add(delivery);
        await db.SaveChangesAsync();
        await db.AlertDeliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(u => u
            .SetProperty(d => d.DeliveredAt, deliveredAt)
            .SetProperty(d => d.GaveUpAt, gaveUpAt)
            .SetProperty(d => d.Attempts, deliveredAt is null && gaveUpAt is null ? 3 : 1));
        return delivery.Id;
    }

    private static async Task<List<string>> KeptAsync(TestStore store)
    {
        await using var db = await store.OpenDbAsync();
        return await db.AlertDeliveries.OrderBy(d => d.CredentialName).Select(d => d.CredentialName).ToListAsync();
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task FinishedMessagesOlderThanTheRetentionShouldBeDeletedAndTheOthersKept(StoreKind kind)
    {
        await using var store = await StoreAsync(kind);
        await AddAsync(store, "old delivered", DaysAgo(40), deliveredAt: DaysAgo(40));
        await AddAsync(store, "old given up", DaysAgo(40), gaveUpAt: DaysAgo(39.5));
        await AddAsync(store, "old still retrying", DaysAgo(40));
        await AddAsync(store, "recent delivered", DaysAgo(29), deliveredAt: DaysAgo(29));
        await AddAsync(store, "recent given up", DaysAgo(29.8), gaveUpAt: DaysAgo(29.5));

        var deleted = await store.Services.GetRequiredService<AlertDeliveryService>().DeleteFinishedAsync();

        Assert.Equal(2, deleted);
        Assert.Equal(["old still retrying", "recent delivered", "recent given up"], await KeptAsync(store));
    }

    [Fact]
    public async Task ARetentionThatIsNotPositiveShouldBeRefusedWithTheKeyNamed()
    {
        await using var store = await TestStore.CreateAsync(new Dictionary<string, string?> { ["AgentHub:Alerts:Retention"] = "00:00:00" });

        var refused = Assert.Throws<OptionsValidationException>(() => store.Services.GetRequiredService<IOptions<AgentHubOptions>>().Value);

        Assert.Contains("AgentHub:Alerts:Retention must be positive.", refused.Message);
    }

    [Fact]
    public async Task TheDeliveryLoopShouldDeleteOldMessagesAtMostOnceAnHour()
    {
        await using var receiver = await FakeWebhookReceiver.StartAsync();
        await using var store = await TestStore.CreateAsync(
            new Dictionary<string, string?> { ["AgentHub:Alerts:Retention"] = "30.00:00:00", ["AgentHub:Network:AllowPrivateEndpoints"] = "true" },
            configure: s =>
            {
                FakeProviders.TrustTheFakes(s);
                s.AddSingleton<TimeProvider>(_clock);
            });
        var settings = store.Services.GetRequiredService<AlertSettingsService>();
        (await settings.SaveAsync(store.Admin, new AlertSettingsInput { WebhookUrl = receiver.Url.AbsoluteUri })).ValueOrFail();
        using var loop = new AlertDeliveryLoop(store.Services.GetRequiredService<AlertDeliveryService>(), _clock, NullLogger<AlertDeliveryLoop>.Instance);
        await AddAsync(store, "first old", DaysAgo(40), deliveredAt: DaysAgo(40));
        await loop.StartAsync(CancellationToken.None);

        await PassesUntilAsync(async () => (await KeptAsync(store)).Count == 0);
        await AddAsync(store, "second old", DaysAgo(40), deliveredAt: DaysAgo(40));
        Assert.True((await settings.SendTestAsync(store.Admin)).Succeeded);
        // A pass deletes (when due) before it delivers: once the test message arrives, that pass's cleanup is behind it.
        await PassesUntilAsync(() => Task.FromResult(receiver.Received.Count == 1));
        var keptWithinTheHour = await KeptAsync(store);
        _clock.Advance(AlertDeliveryLoop.RetentionInterval);
        await PassesUntilAsync(async () => !(await KeptAsync(store)).Contains("second old"));
        await loop.StopAsync(CancellationToken.None);

        Assert.Contains("second old", keptWithinTheHour);
    }

    /// <summary>
    /// Moves the fake clock one loop interval at a time until the loop's work shows: the loop runs on its own
    /// thread and may not wait on its timer yet. At most 100 passes (8 min 20 s of fake time, well within the hour).
    /// </summary>
    private async Task PassesUntilAsync(Func<Task<bool>> condition)
    {
        for (var pass = 0; !await condition(); pass++)
        {
            Assert.True(pass < 100, "The delivery loop did not get there within 100 passes.");
            _clock.Advance(AlertDeliveryLoop.Interval);
            await Task.Delay(200);
        }
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task AnOldExpiryWarningShouldStayWhileItsCredentialStillReportsThatExpiry(StoreKind kind)
    {
        await using var store = await StoreAsync(kind);
        var expiry = DaysAgo(35);
        var still = await store.CreateVerifiedAsync("Still expiring");
        var renewed = await store.CreateVerifiedAsync("Renewed");
        await using (var db = await store.OpenDbAsync())
        {
            await db.Credentials.Where(c => c.Id == still.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.ExpiresAt, expiry));
            await db.Credentials.Where(c => c.Id == renewed.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.ExpiresAt, DaysAgo(-300)));
        }

        (await store.Services.GetRequiredService<AlertSettingsService>().SaveAsync(store.Admin, new AlertSettingsInput { WebhookUrl = "https://127.0.0.1:9/hooks" })).ValueOrFail();
        var warning = await AddAsync(store, "Still expiring", DaysAgo(42), deliveredAt: DaysAgo(42), kind: AlertKind.Expiring, credentialId: still.Id, expiresAt: expiry);
        await AddAsync(store, "Renewed", DaysAgo(42), deliveredAt: DaysAgo(42), kind: AlertKind.Expiring, credentialId: renewed.Id, expiresAt: expiry);
        var deliveries = store.Services.GetRequiredService<AlertDeliveryService>();

        var deleted = await deliveries.DeleteFinishedAsync();
        await deliveries.QueueExpiringAsync(CancellationToken.None);

        // The kept warning is what stops a second one for the same expiry.
        Assert.Equal(1, deleted);
        await using var check = await store.OpenDbAsync();
        Assert.Equal([warning], await check.AlertDeliveries.Select(d => d.Id).ToListAsync());
    }
}
