using AgentHub.Core.Alerts;
using AgentHub.Core.Lists;

namespace AgentHub.Tests.Core.Alerts;

/// <summary>
/// Expiry where the provider tells it: Databricks' token list through the real client and the fake
/// workspace, stored on the credential, and one Expiring alert a week before.
/// </summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class AlertExpiryTests(FakeProviders fakes) : IAsyncLifetime
{
    private readonly MutableClock _clock = new(DateTimeOffset.UtcNow);
    private FakeWebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        fakes.ResetAll();
        _receiver = await FakeWebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        fakes.ResetAll();
    }

    private Task<TestStore> StoreAsync(StoreKind kind)
    {
        var settings = fakes.OperatorSettings();
        settings["AgentHub:Network:AllowPrivateEndpoints"] = "true";
        return TestStore.CreateAsync(settings, store: kind, realVerifier: true, configure: s =>
        {
            FakeProviders.TrustTheFakes(s);
            s.AddSingleton<TimeProvider>(_clock);
        });
    }

    private async Task<CredentialSummary> DatabricksAsync(TestStore store)
    {
        var created = await store.CredentialChanges.CreateAsync(store.Admin, new CredentialInput
        {
            Name = "Lakehouse",
            ProviderId = ProviderIds.Databricks,
            Values = { [FieldKeys.ApiKey] = fakes.Databricks.ValidKey, [FieldKeys.WorkspaceUrl] = fakes.Databricks.Root.AbsoluteUri },
        });
        return (await store.CredentialVerification.VerifyAsync(store.Admin, created.ValueOrFail().Id)).ValueOrFail();
    }

    private static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task AVerifiedKeyShouldNeedAttentionOnceItExpiresWithinAWeek(StoreKind kind)
    {
        fakes.Databricks.TokenExpiries.Add(Ms(_clock.GetUtcNow().AddDays(10)));
        await using var store = await StoreAsync(kind);
        var credential = await DatabricksAsync(store);
        var attention = new ListQuery { Filter = CredentialFilter.NeedsAttention };

        var tenDaysOut = await store.CredentialReader.CountNeedingAttentionAsync(store.Admin);
        _clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        var sixDaysOut = await store.CredentialReader.CountNeedingAttentionAsync(store.Admin);
        var listed = await store.CredentialReader.ListPageAsync(store.Admin, attention);

        Assert.Equal(CredentialStatus.Verified, credential.Status);
        Assert.Equal(0, tenDaysOut);
        Assert.Equal(1, sixDaysOut);
        Assert.Equal(credential.Id, Assert.Single(listed.Items).Id);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task ADatabricksTokensExpiryShouldBeStoredAndAlertedOnceAWeekBefore(StoreKind kind)
    {
        var expiry = _clock.GetUtcNow().AddDays(10);
        fakes.Databricks.TokenExpiries.Add(Ms(expiry));
        await using var store = await StoreAsync(kind);
        await store.Services.GetRequiredService<AlertSettingsService>().SaveAsync(store.Admin, new AlertSettingsInput { WebhookUrl = _receiver.Url.AbsoluteUri }).ContinueWith(t => t.Result.ValueOrFail());
        var deliveries = store.Services.GetRequiredService<AlertDeliveryService>();

        var credential = await DatabricksAsync(store);
        await deliveries.DeliverDueAsync(CancellationToken.None);
        var tenDaysOut = _receiver.Received.Count;
        _clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(1));
        await deliveries.DeliverDueAsync(CancellationToken.None);
        await store.CredentialVerification.VerifyAsync(store.Admin, credential.Id);
        _clock.Advance(TimeSpan.FromDays(1));
        await deliveries.DeliverDueAsync(CancellationToken.None);

        Assert.Equal(CredentialStatus.Verified, credential.Status);
        Assert.Equal(expiry.UtcDateTime, credential.ExpiresAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, tenDaysOut);
        var message = Assert.Single(_receiver.Received);
        Assert.Contains($"Lakehouse (Databricks) expires on {expiry.UtcDateTime:yyyy-MM-dd HH:mm} UTC", message.Body);
        Assert.DoesNotContain(fakes.Databricks.ValidKey, message.Body);
        var listCall = fakes.Databricks.Requests.First(r => r.Path == "/api/2.0/token/list");
        Assert.Equal("GET", listCall.Method);
        Assert.Equal("Bearer " + fakes.Databricks.ValidKey, listCall.Header("Authorization"));
    }

    [Fact]
    public async Task TokensWithDifferentExpiriesShouldSayNothing()
    {
        fakes.Databricks.TokenExpiries.AddRange([Ms(_clock.GetUtcNow().AddDays(5)), Ms(_clock.GetUtcNow().AddDays(40))]);
        await using var store = await StoreAsync(StoreKind.Sqlite);

        var credential = await DatabricksAsync(store);

        Assert.Equal(CredentialStatus.Verified, credential.Status);
        Assert.Null(credential.ExpiresAt);
    }

    [Fact]
    public async Task ATokenWithoutExpiryShouldSayNothing()
    {
        fakes.Databricks.TokenExpiries.Add(-1);
        await using var store = await StoreAsync(StoreKind.Sqlite);

        var credential = await DatabricksAsync(store);

        Assert.Null(credential.ExpiresAt);
    }

    [Fact]
    public async Task ARefusedTokenListShouldNotFailTheVerification()
    {
        fakes.Databricks.TokenExpiries.Add(Ms(_clock.GetUtcNow().AddDays(5)));
        fakes.Databricks.TokenListRefused = true;
        await using var store = await StoreAsync(StoreKind.Sqlite);

        var credential = await DatabricksAsync(store);

        Assert.Equal(CredentialStatus.Verified, credential.Status);
        Assert.Null(credential.ExpiresAt);
        Assert.Contains(fakes.Databricks.Requests, r => r.Path == "/api/2.0/token/list");
    }
}
