using System.Text.Json;
using AgentHub.Core.Activity;
using AgentHub.Core.Health;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace AgentHub.Tests.Core.Health;

/// <summary>
/// Scheduled re-checks driven round by round on a fake clock (nothing sleeps), through the real
/// verification clients against the HTTPS fakes, on both stores.
/// </summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class CredentialHealthCheckTests(FakeProviders fakes) : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private readonly List<TestStore> _stores = [];

    public Task InitializeAsync()
    {
        fakes.ResetAll();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        // A second instance first: the first one owns the database.
        foreach (var store in Enumerable.Reverse(_stores))
        {
            await store.DisposeAsync();
        }

        fakes.ResetAll();
    }

    private async Task<TestStore> StoreAsync(StoreKind kind, TestStore? sharing = null, int maxConcurrent = 4)
    {
        var settings = fakes.OperatorSettings();
        settings["AgentHub:Health:Interval"] = Interval.ToString();
        settings["AgentHub:Health:MaxConcurrentPerProvider"] = maxConcurrent.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var store = await TestStore.CreateAsync(settings, folder: sharing?.Folder, realVerifier: true, store: kind, postgresDatabase: sharing?.PostgresDatabase,
            configure: s =>
            {
                FakeProviders.TrustTheFakes(s);
                s.AddSingleton<TimeProvider>(_clock);
            });
        _stores.Add(store);
        return store;
    }

    private async Task<CredentialSummary> CreateAsync(TestStore store, string name)
    {
        var created = await store.CredentialChanges.CreateAsync(store.Admin, Inputs.Credential(name, ProviderIds.OpenAi, fakes.OpenAi.ValidKey));
        return (await store.CredentialVerification.VerifyAsync(store.Admin, created.ValueOrFail().Id)).ValueOrFail();
    }

    private static CredentialHealthChecks Checks(TestStore store) => store.Services.GetRequiredService<CredentialHealthChecks>();

    private static async Task<CredentialSummary> ReadAsync(TestStore store, Guid id) =>
        (await store.CredentialReader.GetSummaryAsync(store.Admin, id))!;

    private static async Task<List<ActivityView>> StatusChangesAsync(TestStore store) =>
        (await store.Services.GetRequiredService<ActivityLog>().ListAsync(store.Admin))
            .Where(e => e.Action == ActivityActions.CredentialStatusChanged).ToList();

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task ACredentialShouldBeCheckedOnlyOnceItsIntervalHasPassed(StoreKind kind)
    {
        var store = await StoreAsync(kind);
        var credential = await CreateAsync(store, "Prod");
        var before = fakes.OpenAi.Calls;

        var atOnce = await Checks(store).RunDueChecksAsync();
        _clock.Advance(Interval * 0.89);
        var beforeTheInterval = await Checks(store).RunDueChecksAsync();
        _clock.Advance(Interval * 0.22);
        var afterIt = await Checks(store).RunDueChecksAsync();
        var checkedAt = Now;
        var again = await Checks(store).RunDueChecksAsync();

        Assert.Equal((0, 0, 1, 0), (atOnce, beforeTheInterval, afterIt, again));
        Assert.Equal(before + 1, fakes.OpenAi.Calls);
        var read = await ReadAsync(store, credential.Id);
        Assert.Equal(checkedAt, read.LastCheckedAt);
        Assert.Equal(CredentialStatus.Verified, read.Status);
    }

    [Fact]
    public void TheNextCheckShouldBeSpreadWithinTenPercentOfTheInterval()
    {
        var spreads = Enumerable.Range(0, 2_000).Select(_ => CredentialHealthChecks.Spread(Interval)).ToList();

        Assert.All(spreads, s => Assert.InRange(s, Interval * 0.9, Interval * 1.1));
        // Spread out, not all at one time: the team's credentials do not fire together.
        Assert.True(spreads.Max() - spreads.Min() > Interval * 0.15, $"{spreads.Min()} … {spreads.Max()}");
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task AKeyRefusedBetweenTwoRoundsShouldTurnFailedSinceThenAndRecoverOnItsOwn(StoreKind kind)
    {
        var store = await StoreAsync(kind);
        var credential = await CreateAsync(store, "Prod");
        var goodKey = fakes.OpenAi.ValidKey;

        _clock.Advance(Interval * 1.2);
        await Checks(store).RunDueChecksAsync();
        var stillGood = await ReadAsync(store, credential.Id);
        fakes.OpenAi.ValidKey = "sk-revoked-meanwhile-0001";
        _clock.Advance(Interval * 1.2);
        var brokeAt = Now;
        await Checks(store).RunDueChecksAsync();
        var broken = await ReadAsync(store, credential.Id);
        _clock.Advance(Interval * 1.2);
        await Checks(store).RunDueChecksAsync();
        var stillBroken = await ReadAsync(store, credential.Id);
        var changesWhileBroken = await StatusChangesAsync(store);
        fakes.OpenAi.ValidKey = goodKey;
        _clock.Advance(Interval * 1.2);
        await Checks(store).RunDueChecksAsync();
        var recovered = await ReadAsync(store, credential.Id);
        var changes = await StatusChangesAsync(store);

        Assert.Equal((CredentialStatus.Verified, (DateTime?)null), (stillGood.Status, stillGood.FailingSince));
        Assert.Equal((CredentialStatus.Failed, VerificationOutcome.InvalidKey, brokeAt), (broken.Status, broken.FailureOutcome, broken.FailingSince));
        Assert.Equal((CredentialStatus.Failed, brokeAt, Now - Interval * 1.2), (stillBroken.Status, stillBroken.FailingSince, stillBroken.LastCheckedAt));
        Assert.Equal((CredentialStatus.Verified, (DateTime?)null, Now), (recovered.Status, recovered.FailingSince, recovered.LastCheckedAt));
        // One entry per change of status, none per check; acted by the scheduler.
        var failed = Assert.Single(changesWhileBroken);
        Assert.Equal($"Verified → Failed: {broken.StatusMessage}", failed.Details);
        Assert.Equal(CredentialHealthChecks.ActorName, failed.User);
        Assert.Equal(2, changes.Count);
        Assert.Equal("Failed → Verified", changes[0].Details);
        Assert.DoesNotContain(changes, e => e.Details!.Contains("sk-revoked", StringComparison.Ordinal) || e.Details.Contains(goodKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AManualReverifyThatChangesTheStatusShouldAlsoBeOneStatusEntry()
    {
        var store = await StoreAsync(StoreKind.Sqlite);
        var credential = await CreateAsync(store, "Prod");
        fakes.OpenAi.ValidKey = "sk-revoked-meanwhile-0001";

        var failed = (await store.CredentialVerification.VerifyAsync(store.Admin, credential.Id)).ValueOrFail();
        await store.CredentialVerification.VerifyAsync(store.Admin, credential.Id);

        var change = Assert.Single(await StatusChangesAsync(store));
        Assert.Equal(TestStore.AdminUserId + "@example.com", change.User);
        Assert.Equal((Now, Now), (failed.FailingSince, failed.LastCheckedAt));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task RateLimitedShouldBackOffDoublingAndStopCheckingThatProviderInTheRound(StoreKind kind)
    {
        var store = await StoreAsync(kind, maxConcurrent: 1);
        await CreateAsync(store, "First");
        await CreateAsync(store, "Second");
        await CreateAsync(store, "Third");
        _clock.Advance(Interval * 1.2);
        fakes.OpenAi.Answer = FakeAnswer.RateLimited;
        var before = fakes.OpenAi.Calls;

        var limitedRound = await Checks(store).RunDueChecksAsync();
        var limitedId = await BackedOffAsync(store);

        Assert.Equal(1, limitedRound);
        Assert.Equal(before + 1, fakes.OpenAi.Calls);
        fakes.OpenAi.Answer = FakeAnswer.Success;
        Assert.Equal(Now + TimeSpan.FromMinutes(5), await NextCheckAsync(store, limitedId));

        // Rate limited proves nothing about the key: it stays Verified, not checked, no status entry.
        var stillVerified = await ReadAsync(store, limitedId);
        Assert.Equal(CredentialStatus.Verified, stillVerified.Status);
        Assert.NotEqual(Now, stillVerified.LastCheckedAt);
        Assert.Null(stillVerified.FailingSince);

        // The round after: the two left over, and not the backed-off one.
        var rest = await Checks(store).RunDueChecksAsync();
        Assert.Equal(2, rest);
        fakes.OpenAi.Answer = FakeAnswer.RateLimited;
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await Checks(store).RunDueChecksAsync());
        Assert.Equal(Now + TimeSpan.FromMinutes(10), await NextCheckAsync(store, limitedId));
        _clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, await Checks(store).RunDueChecksAsync());
        fakes.OpenAi.Answer = FakeAnswer.Success;
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await Checks(store).RunDueChecksAsync());
        var nextAfterSuccess = await NextCheckAsync(store, limitedId);
        Assert.InRange(nextAfterSuccess!.Value, Now + Interval * 0.9, Now + Interval * 1.1);
        Assert.Equal(CredentialStatus.Verified, (await ReadAsync(store, limitedId)).Status);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task AProviderHiccupShouldKeepTheKeyVerifiedAndCheckItAgainInFiveMinutes(StoreKind kind)
    {
        var store = await StoreAsync(kind);
        var credential = await CreateAsync(store, "Prod");
        var verifiedAt = credential.LastCheckedAt;
        _clock.Advance(Interval * 1.2);
        fakes.OpenAi.Answer = FakeAnswer.ServerError;

        Assert.Equal(1, await Checks(store).RunDueChecksAsync());
        var duringTheHiccup = await ReadAsync(store, credential.Id);
        var retryAt = await NextCheckAsync(store, credential.Id);
        fakes.OpenAi.Answer = FakeAnswer.Success;
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await Checks(store).RunDueChecksAsync());
        var after = await ReadAsync(store, credential.Id);

        // One 5xx says nothing about the key: still Verified, in service, no status entry, no alert.
        Assert.Equal((CredentialStatus.Verified, verifiedAt, (DateTime?)null), (duringTheHiccup.Status, duringTheHiccup.LastCheckedAt, duringTheHiccup.FailingSince));
        Assert.Equal(Now, retryAt);
        Assert.Equal((CredentialStatus.Verified, Now), (after.Status, after.LastCheckedAt));
        Assert.InRange((await NextCheckAsync(store, credential.Id))!.Value, Now + Interval * 0.9, Now + Interval * 1.1);
        Assert.Empty(await StatusChangesAsync(store));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task AnOutageThatLastsShouldFailTheKeyOnItsThirdAnswerInARowAndRecoverWithinTheBackOff(StoreKind kind)
    {
        var store = await StoreAsync(kind);
        var credential = await CreateAsync(store, "Prod");
        _clock.Advance(Interval * 1.2);
        fakes.OpenAi.Answer = FakeAnswer.ServerError;

        await Checks(store).RunDueChecksAsync();
        _clock.Advance(TimeSpan.FromMinutes(5));
        await Checks(store).RunDueChecksAsync();
        var afterTwo = await ReadAsync(store, credential.Id);
        _clock.Advance(TimeSpan.FromMinutes(10));
        var failedAt = Now;
        await Checks(store).RunDueChecksAsync();
        var afterThree = await ReadAsync(store, credential.Id);
        var nextTry = await NextCheckAsync(store, credential.Id);
        fakes.OpenAi.Answer = FakeAnswer.Success;
        _clock.Advance(TimeSpan.FromMinutes(20));
        await Checks(store).RunDueChecksAsync();
        var recovered = await ReadAsync(store, credential.Id);

        Assert.Equal(CredentialStatus.Verified, afterTwo.Status);
        Assert.Equal((CredentialStatus.Failed, VerificationOutcome.ProviderError, failedAt), (afterThree.Status, afterThree.FailureOutcome, afterThree.FailingSince));
        // A key failed by an outage is tried again on the back-off, not an interval later.
        Assert.Equal(failedAt + TimeSpan.FromMinutes(20), nextTry);
        Assert.Equal((CredentialStatus.Verified, Now), (recovered.Status, recovered.LastCheckedAt));
        Assert.Equal(["Failed → Verified", $"Verified → Failed: {afterThree.StatusMessage}"], (await StatusChangesAsync(store)).Select(e => e.Details));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task AnAnswerThatProvesTheKeyShouldEndARunOfInconclusiveOnes(StoreKind kind)
    {
        var store = await StoreAsync(kind);
        var credential = await CreateAsync(store, "Prod");
        _clock.Advance(Interval * 1.2);
        fakes.OpenAi.Answer = FakeAnswer.ServerError;
        foreach (var wait in new[] { 0, 5, 10 })
        {
            _clock.Advance(TimeSpan.FromMinutes(wait));
            await Checks(store).RunDueChecksAsync();
        }

        var failed = await ReadAsync(store, credential.Id);
        fakes.OpenAi.Answer = FakeAnswer.Success;
        var back = (await store.CredentialVerification.VerifyAsync(store.Admin, credential.Id)).ValueOrFail();
        fakes.OpenAi.Answer = FakeAnswer.ServerError;
        _clock.Advance(Interval * 1.2);
        await Checks(store).RunDueChecksAsync();
        var afterOneHiccup = await ReadAsync(store, credential.Id);

        Assert.Equal((CredentialStatus.Failed, CredentialStatus.Verified), (failed.Status, back.Status));
        // The run ended with the admin's Re-verify: one 5xx later is a first hiccup again, not a fourth in a row.
        Assert.Equal(CredentialStatus.Verified, afterOneHiccup.Status);
    }

    [Fact]
    public async Task ANewCredentialWhoseFirstAnswerWasAnOutageShouldBeTriedAgainInFiveMinutes()
    {
        var store = await StoreAsync(StoreKind.Sqlite);
        fakes.OpenAi.Answer = FakeAnswer.ServerError;
        var created = await store.CredentialChanges.CreateAsync(store.Admin, Inputs.Credential("Prod", ProviderIds.OpenAi, fakes.OpenAi.ValidKey));

        var failed = (await store.CredentialVerification.VerifyAsync(store.Admin, created.ValueOrFail().Id)).ValueOrFail();

        Assert.Equal((CredentialStatus.Failed, VerificationOutcome.ProviderError), (failed.Status, failed.FailureOutcome));
        Assert.Equal(Now + TimeSpan.FromMinutes(5), await NextCheckAsync(store, failed.Id));
    }

    [Fact]
    public void TheBackOffShouldDoubleFromFiveMinutesUpToAnHour()
    {
        var backOffs = Enumerable.Range(1, 7).Select(n => CredentialHealthChecks.BackOff(n, Interval).TotalMinutes);

        Assert.Equal([5, 10, 20, 40, 60, 60, 60], backOffs);
        Assert.Equal(TimeSpan.FromMinutes(30), CredentialHealthChecks.BackOff(4, TimeSpan.FromMinutes(30)));
    }

    [Theory]
    [InlineData(FakeAnswer.RateLimited, VerificationOutcome.RateLimited)]
    [InlineData(FakeAnswer.ServerError, VerificationOutcome.ProviderError)]
    public async Task AReverifyAnsweredOnlyBusyOrDownShouldKeepTheKeyVerifiedAndSayWhy(FakeAnswer answer, VerificationOutcome outcome)
    {
        var store = await StoreAsync(StoreKind.Sqlite);
        var credential = await CreateAsync(store, "Prod");
        fakes.OpenAi.Answer = answer;

        var result = await store.CredentialVerification.VerifyAsync(store.Admin, credential.Id);

        Assert.False(result.Succeeded);
        Assert.Equal(OperationErrorKind.Inconclusive, result.Error.Kind);
        Assert.Equal($"{VerificationMessages.For(outcome, "OpenAI")} 'Prod' stays Verified: this answer says nothing about the key.", result.Error.Message);
        var read = await ReadAsync(store, credential.Id);
        Assert.Equal((CredentialStatus.Verified, credential.LastCheckedAt, (DateTime?)null), (read.Status, read.LastCheckedAt, read.FailingSince));
        Assert.Empty(await StatusChangesAsync(store));
        var logged = (await store.Services.GetRequiredService<ActivityLog>().ListAsync(store.Admin)).First(e => e.Action == ActivityActions.CredentialVerified);
        Assert.Equal($"Result: {outcome}; not recorded: it says nothing about the key, which stays Verified", logged.Details);
    }

    [Fact]
    public async Task AReverifyOfAFailedKeyAnsweredRateLimitedShouldStillBeRecorded()
    {
        var store = await StoreAsync(StoreKind.Sqlite);
        var credential = await CreateAsync(store, "Prod");
        fakes.OpenAi.Answer = FakeAnswer.InvalidKey;
        await store.CredentialVerification.VerifyAsync(store.Admin, credential.Id);
        fakes.OpenAi.Answer = FakeAnswer.RateLimited;

        var result = await store.CredentialVerification.VerifyAsync(store.Admin, credential.Id);

        // Not in service before: the answer is what the admin asked for, shown as it is.
        Assert.Equal((CredentialStatus.Failed, VerificationOutcome.RateLimited), (result.ValueOrFail().Status, result.ValueOrFail().FailureOutcome));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task EachCheckShouldSetItsCredentialsNextOneApartWithinTenPercentOfTheInterval(StoreKind kind)
    {
        var store = await StoreAsync(kind);
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add((await CreateAsync(store, $"Key {i}")).Id);
        }

        _clock.Advance(Interval * 1.2);
        await Checks(store).RunDueChecksAsync();
        var next = new List<DateTime>();
        foreach (var id in ids)
        {
            next.Add((await NextCheckAsync(store, id))!.Value);
        }

        Assert.All(next, n => Assert.InRange(n, Now + Interval * 0.9, Now + Interval * 1.1));
        // Spread, so that a team's keys checked in one round are not all due again at one time.
        Assert.True(next.Distinct().Count() > 1, string.Join(", ", next));
    }

    private async Task<Guid> BackedOffAsync(TestStore store)
    {
        await using var db = await store.OpenDbAsync();
        var soon = Now + TimeSpan.FromMinutes(5);
        return await db.Credentials.Where(c => c.NextCheckAt == soon).Select(c => c.Id).SingleAsync();
    }

    private static async Task<Dictionary<Guid, DateTime?>> CheckedAtAsync(TestStore store)
    {
        await using var db = await store.OpenDbAsync();
        return await db.Credentials.ToDictionaryAsync(c => c.Id, c => c.LastCheckedAt);
    }

    private static async Task<DateTime?> NextCheckAsync(TestStore store, Guid id)
    {
        await using var db = await store.OpenDbAsync();
        return await db.Credentials.Where(c => c.Id == id).Select(c => c.NextCheckAt).SingleAsync();
    }

    [Fact]
    public async Task ChecksOfOneProviderShouldNeverRunMoreAtOnceThanTheCap()
    {
        const int cap = 3;
        var store = await TestStore.CreateAsync(new Dictionary<string, string?>
        {
            ["AgentHub:Health:Interval"] = Interval.ToString(),
            ["AgentHub:Health:MaxConcurrentPerProvider"] = cap.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, configure: s => s.AddSingleton<TimeProvider>(_clock));
        _stores.Add(store);
        for (var i = 0; i < 10; i++)
        {
            await store.CreateVerifiedAsync($"Key {i}");
        }

        var running = 0;
        var most = 0;
        var full = new TaskCompletionSource();
        store.Verifier.Answer = async (request, cancellationToken) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            if (now >= cap)
            {
                full.TrySetResult();
            }

            // Each check holds its slot until the cap is reached once, so the round must run them side by side.
            await full.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            await Task.Yield();
            Interlocked.Decrement(ref running);
            return VerificationResult.Verified(request.Schema.DisplayName);
        };
        var before = store.Verifier.Calls.Count;
        _clock.Advance(Interval * 1.2);

        var calls = await Checks(store).RunDueChecksAsync();

        Assert.Equal(10, calls);
        Assert.Equal(before + 10, store.Verifier.Calls.Count);
        Assert.Equal(cap, most);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task TwoInstancesOnOneDatabaseShouldCheckEachCredentialOncePerRound(StoreKind kind)
    {
        var a = await StoreAsync(kind);
        var b = await StoreAsync(kind, sharing: a);
        var ids = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add((await CreateAsync(a, $"Key {i}")).Id);
        }

        _clock.Advance(Interval * 1.2);
        var before = fakes.OpenAi.Calls;

        var rounds = await Task.WhenAll(Checks(a).RunDueChecksAsync(), Checks(b).RunDueChecksAsync());

        Assert.Equal(12, fakes.OpenAi.Calls - before);
        Assert.Equal(12, rounds.Sum());
        var checkedAt = await CheckedAtAsync(a);
        Assert.All(ids, id => Assert.Equal(Now, checkedAt[id]));
        await using var db = await a.OpenDbAsync();
        Assert.False(await db.Credentials.AnyAsync(c => c.CheckLeaseOwner != null), "every lease is freed after the round");
    }

    [Fact]
    public async Task AScheduledFailureShouldMakeTheGateway409UntilTheCredentialRecovers()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);
        var checks = gateway.App.Services.GetRequiredService<CredentialHealthChecks>();
        var client = gateway.RawClient(gateway.AgentKey);
        await DueNowAsync(gateway);
        gateway.Fake.ValidKey = "sk-revoked-meanwhile-0001";

        await checks.RunDueChecksAsync();
        var refused = await UntilStatusAsync(client, HttpStatusCode.Conflict);
        gateway.Fake.ValidKey = "fake-valid-key-00000001";
        await DueNowAsync(gateway);
        await checks.RunDueChecksAsync();
        var served = await UntilStatusAsync(client, HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("model_unavailable", refused.Body);
        Assert.Equal(HttpStatusCode.OK, served.Status);
    }

    private static async Task DueNowAsync(GatewayHarness gateway)
    {
        using var scope = gateway.App.Services.CreateScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AgentHub.Core.Persistence.AgentHubDbContext>>().CreateDbContextAsync();
        var past = DateTime.UtcNow.AddMinutes(-1);
        await db.Credentials.ExecuteUpdateAsync(s => s.SetProperty(c => c.NextCheckAt, past));
    }

    private static async Task<(HttpStatusCode Status, string Body)> UntilStatusAsync(HttpClient client, HttpStatusCode wanted)
    {
        (HttpStatusCode, string) last = default;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var body = JsonSerializer.Serialize(new { model = GatewayHarness.Alias, messages = new[] { new { role = "user", content = "Ping?" } } });
            using var response = await client.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));
            last = (response.StatusCode, await response.Content.ReadAsStringAsync());
            if (response.StatusCode == wanted)
            {
                return last;
            }

            await Task.Delay(100);
        }

        return last;
    }
}
