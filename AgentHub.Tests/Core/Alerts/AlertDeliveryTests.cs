using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using AgentHub.Core.Alerts;

namespace AgentHub.Tests.Core.Alerts;

/// <summary>
/// Credential alerts end to end in Core: a status change queues one message, the delivery service
/// posts it to a real HTTPS receiver on 127.0.0.1 (private endpoints allowed, as for the other fakes),
/// retries with back-off on a moved clock, and two instances over one database post it once.
/// </summary>
public sealed class AlertDeliveryTests : IAsyncLifetime
{
    private const string ApiKey = "sk-alert-test-secret-000000009876";

    private readonly MutableClock _clock = new(DateTimeOffset.UtcNow);
    private FakeWebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await FakeWebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private Task<TestStore> StoreAsync(StoreKind kind, string? folder = null, string? postgresDatabase = null, CapturingLoggerProvider? logs = null) =>
        TestStore.CreateAsync(
            new Dictionary<string, string?> { ["AgentHub:Network:AllowPrivateEndpoints"] = "true", ["AgentHub:Alerts:AppUrl"] = "https://agenthub.example.com/" },
            folder: folder, postgresDatabase: postgresDatabase, store: kind,
            configure: s =>
            {
                FakeProviders.TrustTheFakes(s);
                s.AddSingleton<TimeProvider>(_clock);
                if (logs is not null)
                {
                    s.AddLogging(b => b.AddProvider(logs));
                }
            });

    private async Task<AlertSettingsSaved> SetWebhookAsync(TestStore store, AlertFormat format = AlertFormat.Slack)
    {
        var saved = await store.Services.GetRequiredService<AlertSettingsService>()
            .SaveAsync(store.Admin, new AlertSettingsInput { WebhookUrl = _receiver.Url.AbsoluteUri, Format = format });
        return saved.ValueOrFail();
    }

    private static async Task ReverifyAsync(TestStore store, Guid id, bool accepted)
    {
        store.Verifier.Answer = (_, _) => Task.FromResult(accepted
            ? VerificationResult.Verified("OpenAI")
            : VerificationResult.Failed(VerificationOutcome.InvalidKey, "OpenAI", "Incorrect API key provided"));
        var result = await store.CredentialVerification.VerifyAsync(store.Admin, id);
        Assert.True(result.Succeeded, result.Error?.Message);
    }

    private static Task<int> DeliverAsync(TestStore store) => store.Services.GetRequiredService<AlertDeliveryService>().DeliverDueAsync(CancellationToken.None);

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task ACredentialThatBreaksShouldSendOneMessageAndNoneWhileItKeepsFailing(StoreKind kind)
    {
        await using var store = await StoreAsync(kind);
        await SetWebhookAsync(store);
        var credential = await store.CreateVerifiedAsync("Prod OpenAI", apiKey: ApiKey);

        await ReverifyAsync(store, credential.Id, accepted: false);
        await DeliverAsync(store);
        await ReverifyAsync(store, credential.Id, accepted: false);
        await ReverifyAsync(store, credential.Id, accepted: false);
        await DeliverAsync(store);

        var message = Assert.Single(_receiver.Received);
        using var body = JsonDocument.Parse(message.Body);
        // Slack's incoming-webhook shape: one "text" property.
        var text = Assert.Single(body.RootElement.EnumerateObject());
        Assert.Equal("text", text.Name);
        Assert.Contains("Prod OpenAI (OpenAI) broke: Failed", text.Value.GetString());
        Assert.Contains("https://agenthub.example.com/agent-hub/credentials?q=Prod%20OpenAI", text.Value.GetString());
        Assert.DoesNotContain(ApiKey, message.Body);
        Assert.DoesNotContain(ApiKey[^12..], message.Body);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task ScheduledChecksShouldSendOneMessageWhenAKeyBreaksAndOneWhenItRecoversAndNoneForAHiccup(StoreKind kind)
    {
        await using var store = await StoreAsync(kind);
        await SetWebhookAsync(store);
        var credential = await store.CreateVerifiedAsync("Prod OpenAI", apiKey: ApiKey);
        var checks = store.Services.GetRequiredService<AgentHub.Core.Health.CredentialHealthChecks>();
        async Task<int> RoundAsync(TimeSpan after, VerificationOutcome outcome)
        {
            _clock.Advance(after);
            store.Verifier.Answer = (_, _) => Task.FromResult(outcome == VerificationOutcome.Verified
                ? VerificationResult.Verified("OpenAI")
                : VerificationResult.Failed(outcome, "OpenAI", "answer of the round"));
            await checks.RunDueChecksAsync();
            await DeliverAsync(store);
            return _receiver.Received.Count;
        }

        var afterHiccup = await RoundAsync(TimeSpan.FromHours(7), VerificationOutcome.ProviderError);
        var afterBreak = await RoundAsync(TimeSpan.FromMinutes(5), VerificationOutcome.InvalidKey);
        var stillBroken = await RoundAsync(TimeSpan.FromHours(7), VerificationOutcome.InvalidKey);
        var afterRecovery = await RoundAsync(TimeSpan.FromHours(7), VerificationOutcome.Verified);
        var stillGood = await RoundAsync(TimeSpan.FromHours(7), VerificationOutcome.Verified);

        Assert.Equal((0, 1, 1, 2, 2), (afterHiccup, afterBreak, stillBroken, afterRecovery, stillGood));
        Assert.Contains("Prod OpenAI (OpenAI) broke: Failed", _receiver.Received[0].Body);
        Assert.Contains("Prod OpenAI (OpenAI) recovered", _receiver.Received[1].Body);
        Assert.Equal(CredentialStatus.Verified, (await store.CredentialReader.GetSummaryAsync(store.Admin, credential.Id))!.Status);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task ACredentialThatRecoversShouldSendOneRecoveredMessage(StoreKind kind)
    {
        await using var store = await StoreAsync(kind);
        await SetWebhookAsync(store);
        var credential = await store.CreateVerifiedAsync("Prod OpenAI", apiKey: ApiKey);
        await ReverifyAsync(store, credential.Id, accepted: false);

        await ReverifyAsync(store, credential.Id, accepted: true);
        await ReverifyAsync(store, credential.Id, accepted: true);
        await DeliverAsync(store);

        Assert.Equal(2, _receiver.Received.Count);
        Assert.Contains(_receiver.Received, r => r.Body.Contains("broke", StringComparison.Ordinal));
        Assert.Contains(_receiver.Received, r => r.Body.Contains("Prod OpenAI (OpenAI) recovered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACredentialThatNeverWorkedShouldNotAlertWhenItFirstVerifies()
    {
        await using var store = await StoreAsync(StoreKind.Sqlite);
        await SetWebhookAsync(store);
        store.Verifier.Answer = (_, _) => Task.FromResult(VerificationResult.Failed(VerificationOutcome.InvalidKey, "OpenAI"));
        var created = (await store.CredentialChanges.CreateAsync(store.Admin, Inputs.Credential("New", ProviderIds.OpenAi, ApiKey))).ValueOrFail();
        await store.CredentialVerification.VerifyAsync(store.Admin, created.Id);

        await ReverifyAsync(store, created.Id, accepted: true);
        await DeliverAsync(store);

        Assert.Empty(_receiver.Received);
    }

    [Fact]
    public async Task TheSignedFormatShouldCarryAnHmacTheReceiverCanCheck()
    {
        await using var store = await StoreAsync(StoreKind.Sqlite);
        var saved = await SetWebhookAsync(store, AlertFormat.SignedJson);
        var credential = await store.CreateVerifiedAsync("Prod OpenAI", apiKey: ApiKey);

        await ReverifyAsync(store, credential.Id, accepted: false);
        await DeliverAsync(store);

        var message = Assert.Single(_receiver.Received);
        Assert.NotNull(saved.NewSigningSecret);
        Assert.True(FakeWebhookReceiver.SignatureHolds(message, saved.NewSigningSecret!));
        Assert.False(FakeWebhookReceiver.SignatureHolds(message, AlertSecrets.NewSigningSecret()));
        Assert.False(FakeWebhookReceiver.SignatureHolds(message with { Body = message.Body.Replace("Failed", "Verified", StringComparison.Ordinal) }, saved.NewSigningSecret!));
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), message.Header("X-AgentHub-Timestamp"));
        using var body = JsonDocument.Parse(message.Body);
        Assert.Equal("credential.broke", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("Prod OpenAI", body.RootElement.GetProperty("credential").GetProperty("name").GetString());
        Assert.Equal("OpenAI", body.RootElement.GetProperty("credential").GetProperty("provider").GetString());
        Assert.Equal("Failed", body.RootElement.GetProperty("status").GetString());
        Assert.DoesNotContain(ApiKey, message.Body);
        Assert.DoesNotContain(saved.NewSigningSecret!, message.Body);
        Assert.DoesNotContain(saved.NewSigningSecret!, string.Join("\n", message.Headers.Values));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task AReceiverAnswering500ShouldBeRetriedWithBackoffAndTheFailureShown(StoreKind kind)
    {
        await using var store = await StoreAsync(kind);
        await SetWebhookAsync(store);
        var credential = await store.CreateVerifiedAsync("Prod OpenAI", apiKey: ApiKey);
        await ReverifyAsync(store, credential.Id, accepted: false);
        _receiver.Status = 500;
        var service = store.Services.GetRequiredService<AlertSettingsService>();

        await DeliverAsync(store);
        await DeliverAsync(store);
        var afterFirst = _receiver.Received.Count;
        _clock.Advance(TimeSpan.FromSeconds(31));
        await DeliverAsync(store);
        var failing = Assert.Single(await service.ListDeliveriesAsync(store.Admin));
        var failedAt = _clock.GetUtcNow().UtcDateTime;
        _clock.Advance(TimeSpan.FromMinutes(1));
        await DeliverAsync(store);
        var beforeSecondWait = _receiver.Received.Count;
        _receiver.Status = 204;
        _clock.Advance(TimeSpan.FromMinutes(1));
        await DeliverAsync(store);
        var delivered = Assert.Single(await service.ListDeliveriesAsync(store.Admin));

        // Not due again until 30 s after the first failure, then 2 min after the second.
        Assert.Equal(1, afterFirst);
        Assert.Equal(2, beforeSecondWait);
        Assert.Equal(3, _receiver.Received.Count);
        Assert.Equal(2, failing.Attempts);
        Assert.StartsWith("Delivery failed 2 times: the receiver answered 500; next try ", failing.State(TimeZoneInfo.Utc));
        Assert.Equal(failedAt.AddMinutes(2), failing.NextAttemptAt, TimeSpan.FromSeconds(1));
        Assert.NotNull(delivered.DeliveredAt);
        Assert.StartsWith("Delivered ", delivered.State(TimeZoneInfo.Utc));
    }

    [Fact]
    public async Task AMessageShouldBeGivenUpAfterTheLastAttempt()
    {
        await using var store = await StoreAsync(StoreKind.Sqlite);
        await SetWebhookAsync(store);
        _receiver.Status = 503;
        Assert.True((await store.Services.GetRequiredService<AlertSettingsService>().SendTestAsync(store.Admin)).Succeeded);

        for (var i = 0; i < 20; i++)
        {
            await DeliverAsync(store);
            _clock.Advance(TimeSpan.FromHours(6));
        }

        var given = Assert.Single(await store.Services.GetRequiredService<AlertSettingsService>().ListDeliveriesAsync(store.Admin));
        Assert.Equal(AlertRules.MaxAttempts, _receiver.Received.Count);
        Assert.NotNull(given.GaveUpAt);
        Assert.Equal($"Gave up after {AlertRules.MaxAttempts} attempts: the receiver answered 503", given.State(TimeZoneInfo.Utc));
    }

    [Theory]
    [InlineData("http://hooks.example.com/alerts", "must start with https://")]
    [InlineData("https://127.0.0.1/hooks", "AgentHub:Network:AllowPrivateEndpoints")]
    [InlineData("https://10.1.2.3/hooks", "AgentHub:Network:AllowPrivateEndpoints")]
    [InlineData("https://[::1]/hooks", "AgentHub:Network:AllowPrivateEndpoints")]
    [InlineData("hooks.example.com", "full address")]
    public async Task AnHttpOrPrivateWebhookUrlShouldBeRefusedAtTheField(string url, string message)
    {
        await using var store = await TestStore.CreateAsync();
        var service = store.Services.GetRequiredService<AlertSettingsService>();

        var saved = await service.SaveAsync(store.Admin, new AlertSettingsInput { WebhookUrl = url });

        Assert.False(saved.Succeeded);
        Assert.Contains(message, Assert.Single(saved.Error.FieldErrors[nameof(AlertSettingsInput.WebhookUrl)]));
        Assert.Null(await service.GetAsync(store.Admin));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task TwoInstancesSharingADatabaseShouldPostEachMessageOnce(StoreKind kind)
    {
        await using var a = await StoreAsync(kind);
        await using var b = await StoreAsync(kind, folder: kind == StoreKind.Sqlite ? a.Folder : null, postgresDatabase: a.PostgresDatabase);
        await SetWebhookAsync(a);
        for (var i = 0; i < 6; i++)
        {
            a.Verifier.Answer = (_, _) => Task.FromResult(VerificationResult.Verified("OpenAI"));
            var credential = await a.CreateVerifiedAsync($"Key {i}", apiKey: ApiKey);
            await ReverifyAsync(a, credential.Id, accepted: false);
        }

        var delivered = await Task.WhenAll(DeliverAsync(a), DeliverAsync(b), DeliverAsync(a), DeliverAsync(b));

        Assert.Equal(6, delivered.Sum());
        Assert.Equal(6, _receiver.Received.Count);
        Assert.Equal(6, _receiver.Received.Select(r => r.Header("X-AgentHub-Delivery")).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task RemoveShouldDeleteTheWebhookLogItAndNeverSendAWaitingMessage(StoreKind kind)
    {
        await using var store = await StoreAsync(kind);
        var service = store.Services.GetRequiredService<AlertSettingsService>();
        await SetWebhookAsync(store);
        var credential = await store.CreateVerifiedAsync("Prod OpenAI", apiKey: ApiKey);
        await ReverifyAsync(store, credential.Id, accepted: false);

        var removed = await service.RemoveAsync(store.Admin);
        await DeliverAsync(store);
        int settingsRows;
        List<string> actions;
        await using (var db = await store.OpenDbAsync())
        {
            settingsRows = await db.AlertSettings.CountAsync();
            actions = await db.ActivityEntries.Select(e => e.Action).ToListAsync();
        }

        // Set again within the retry window: the message queued for the removed webhook stays unsent.
        await SetWebhookAsync(store);
        _clock.Advance(TimeSpan.FromHours(1));
        await DeliverAsync(store);

        Assert.True(removed.Succeeded, removed.Error?.Message);
        Assert.Equal(0, settingsRows);
        Assert.Contains("Alert webhook removed", actions);
        Assert.Empty(_receiver.Received);
        var given = Assert.Single(await service.ListDeliveriesAsync(store.Admin));
        Assert.Equal("Not sent: the webhook was removed", given.State(TimeZoneInfo.Utc));
    }

    [Fact]
    public async Task TheWebhookUrlAndSigningSecretShouldNotBeReadableFromTheStoreOrTheViews()
    {
        await using var store = await StoreAsync(StoreKind.Sqlite);
        var service = store.Services.GetRequiredService<AlertSettingsService>();
        var saved = await SetWebhookAsync(store, AlertFormat.SignedJson);

        var rotated = (await service.RotateSigningSecretAsync(store.Admin)).ValueOrFail();
        var view = await service.GetAsync(store.Admin);
        await using var db = await store.OpenDbAsync();
        var row = await db.AlertSettings.AsNoTracking().SingleAsync();

        Assert.NotEqual(saved.NewSigningSecret, rotated);
        Assert.DoesNotContain(_receiver.Url.AbsolutePath, row.ProtectedSecrets);
        Assert.DoesNotContain(rotated, row.ProtectedSecrets);
        Assert.Equal($"https://{_receiver.Url.Authority}/…erts", view!.WebhookHint);
        Assert.Contains(await db.ActivityEntries.Select(e => e.Action).ToListAsync(), a => a == "Alert signing secret rotated");
        Assert.DoesNotContain(await db.ActivityEntries.Select(e => e.Details ?? "").ToListAsync(), d => d.Contains(rotated) || d.Contains(_receiver.Url.AbsolutePath));
    }

    [Fact]
    public async Task AFailedDeliveryShouldLogNeitherTheUrlNorAnySecret()
    {
        var logs = new CapturingLoggerProvider();
        await using var store = await StoreAsync(StoreKind.Sqlite, logs: logs);
        var saved = await SetWebhookAsync(store, AlertFormat.SignedJson);
        var credential = await store.CreateVerifiedAsync("Prod OpenAI", apiKey: ApiKey);
        await ReverifyAsync(store, credential.Id, accepted: false);
        _receiver.Status = 500;

        await DeliverAsync(store);

        Assert.Contains("the receiver answered 500", logs.AllText);
        Assert.DoesNotContain(_receiver.Url.AbsolutePath, logs.AllText);
        Assert.DoesNotContain(saved.NewSigningSecret!, logs.AllText);
        Assert.DoesNotContain(ApiKey, logs.AllText);
    }
}
