using System.Text.Json;
using AgentHub.Core.Health;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Tests.Core.Health;

/// <summary>
/// Scheduled re-checks driven round by round on a fake clock (nothing sleeps), through the real
/// verification clients against the HTTPS fakes, on both stores.
/// </summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class CredentialHealthCheckTests(FakeProviders fakes) : CredentialHealthTestBase(fakes)
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task ACredentialShouldBeCheckedOnlyOnceItsIntervalHasPassed(StoreKind kind)
    {
        var store = await StoreAsync(kind);
        var credential = await CreateAsync(store, "Prod");
        var before = Fakes.OpenAi.Calls;

        var atOnce = await Checks(store).RunDueChecksAsync();
        Clock.Advance(Interval * 0.89);
        var beforeTheInterval = await Checks(store).RunDueChecksAsync();
        Clock.Advance(Interval * 0.22);
        var afterIt = await Checks(store).RunDueChecksAsync();
        var checkedAt = Now;
        var again = await Checks(store).RunDueChecksAsync();

        Assert.Equal((0, 0, 1, 0), (atOnce, beforeTheInterval, afterIt, again));
        Assert.Equal(before + 1, Fakes.OpenAi.Calls);
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
        var goodKey = Fakes.OpenAi.ValidKey;

        Clock.Advance(Interval * 1.2);
        await Checks(store).RunDueChecksAsync();
        var stillGood = await ReadAsync(store, credential.Id);
        Fakes.OpenAi.ValidKey = "sk-revoked-meanwhile-0001";
        Clock.Advance(Interval * 1.2);
        var brokeAt = Now;
        await Checks(store).RunDueChecksAsync();
        var broken = await ReadAsync(store, credential.Id);
        Clock.Advance(Interval * 1.2);
        await Checks(store).RunDueChecksAsync();
        var stillBroken = await ReadAsync(store, credential.Id);
        var changesWhileBroken = await StatusChangesAsync(store);
        Fakes.OpenAi.ValidKey = goodKey;
        Clock.Advance(Interval * 1.2);
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
        Fakes.OpenAi.ValidKey = "sk-revoked-meanwhile-0001";

        var failed = (await store.CredentialVerification.VerifyAsync(store.Admin, credential.Id)).ValueOrFail();
        await store.CredentialVerification.VerifyAsync(store.Admin, credential.Id);

        var change = Assert.Single(await StatusChangesAsync(store));
        Assert.Equal(TestStore.AdminUserId + "@example.com", change.User);
        Assert.Equal((Now, Now), (failed.FailingSince, failed.LastCheckedAt));
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

        Clock.Advance(Interval * 1.2);
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

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task SchedulingACredentialsChecksShouldLeaveTheGatewaysViewAlone(StoreKind kind)
    {
        var store = await StoreAsync(kind);
        var id = (await CreateAsync(store, "Key")).Id;
        await using (var db = await store.OpenDbAsync())
        {
            // A credential with no check scheduled yet (one stored before the checks existed).
            await db.Credentials.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.NextCheckAt, (DateTime?)null));
        }

        var stamp = await StampAsync(store);
        await Checks(store).RunDueChecksAsync();

        // The round scheduled it (a write) and checked nothing: no other instance has to reload its keys and models.
        Assert.NotNull(await NextCheckAsync(store, id));
        Assert.Equal(stamp, await StampAsync(store));
    }

    private static async Task<long> StampAsync(TestStore store)
    {
        await using var db = await store.OpenDbAsync();
        return await db.Set<AgentHub.Core.Gateway.GatewayStamp>().Select(s => s.Version).SingleAsync();
    }

    private static async Task<Dictionary<Guid, DateTime?>> CheckedAtAsync(TestStore store)
    {
        await using var db = await store.OpenDbAsync();
        return await db.Credentials.ToDictionaryAsync(c => c.Id, c => c.LastCheckedAt);
    }

    [Fact]
    public async Task ChecksOfOneProviderShouldNeverRunMoreAtOnceThanTheCap()
    {
        const int cap = 3;
        var store = await TestStore.CreateAsync(new Dictionary<string, string?>
        {
            ["AgentHub:Health:Interval"] = Interval.ToString(),
            ["AgentHub:Health:MaxConcurrentPerProvider"] = cap.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, configure: s => s.AddSingleton<TimeProvider>(Clock));
        OpenStores.Add(store);
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
        Clock.Advance(Interval * 1.2);

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

        Clock.Advance(Interval * 1.2);
        var before = Fakes.OpenAi.Calls;

        var rounds = await Task.WhenAll(Checks(a).RunDueChecksAsync(), Checks(b).RunDueChecksAsync());

        Assert.Equal(12, Fakes.OpenAi.Calls - before);
        Assert.Equal(12, rounds.Sum());
        var checkedAt = await CheckedAtAsync(a);
        Assert.All(ids, id => Assert.Equal(Now, checkedAt[id]));
        await using var db = await a.OpenDbAsync();
        Assert.False(await db.Credentials.AnyAsync(c => c.CheckLeaseOwner != null), "every lease is freed after the round");
    }

    [Fact]
    public async Task AScheduledFailureShouldMakeTheGateway409UntilTheCredentialRecovers()
    {
        await using var gateway = await GatewayHarness.StartAsync(Fakes, ProviderIds.OpenAi);
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
