using AgentHub.Core.Activity;
using AgentHub.Core.Health;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Tests.Core.Health;

/// <summary>
/// Answers that say nothing about the key (RateLimited, ProviderError, Unreachable, Timeout), scheduled
/// or from a Re-verify: the back-off, the third in a row, and a Verified key kept in service.
/// </summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class CredentialHealthInconclusiveTests(FakeProviders fakes) : CredentialHealthTestBase(fakes)
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task RateLimitedShouldBackOffDoublingAndStopCheckingThatProviderInTheRound(StoreKind kind)
    {
        var store = await StoreAsync(kind, maxConcurrent: 1);
        await CreateAsync(store, "First");
        await CreateAsync(store, "Second");
        await CreateAsync(store, "Third");
        Clock.Advance(Interval * 1.2);
        Fakes.OpenAi.Answer = FakeAnswer.RateLimited;
        var before = Fakes.OpenAi.Calls;

        var limitedRound = await Checks(store).RunDueChecksAsync();
        var limitedId = await BackedOffAsync(store);

        Assert.Equal(1, limitedRound);
        Assert.Equal(before + 1, Fakes.OpenAi.Calls);
        Fakes.OpenAi.Answer = FakeAnswer.Success;
        Assert.Equal(Now + TimeSpan.FromMinutes(5), await NextCheckAsync(store, limitedId));

        // Rate limited proves nothing about the key: it stays Verified, not checked, no status entry.
        var stillVerified = await ReadAsync(store, limitedId);
        Assert.Equal(CredentialStatus.Verified, stillVerified.Status);
        Assert.NotEqual(Now, stillVerified.LastCheckedAt);
        Assert.Null(stillVerified.FailingSince);

        // The round after: the two left over, and not the backed-off one.
        var rest = await Checks(store).RunDueChecksAsync();
        Assert.Equal(2, rest);
        Fakes.OpenAi.Answer = FakeAnswer.RateLimited;
        Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await Checks(store).RunDueChecksAsync());
        Assert.Equal(Now + TimeSpan.FromMinutes(10), await NextCheckAsync(store, limitedId));
        Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, await Checks(store).RunDueChecksAsync());
        Fakes.OpenAi.Answer = FakeAnswer.Success;
        Clock.Advance(TimeSpan.FromMinutes(1));
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
        Clock.Advance(Interval * 1.2);
        Fakes.OpenAi.Answer = FakeAnswer.ServerError;

        Assert.Equal(1, await Checks(store).RunDueChecksAsync());
        var duringTheHiccup = await ReadAsync(store, credential.Id);
        var retryAt = await NextCheckAsync(store, credential.Id);
        Fakes.OpenAi.Answer = FakeAnswer.Success;
        Clock.Advance(TimeSpan.FromMinutes(5));
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
        Clock.Advance(Interval * 1.2);
        Fakes.OpenAi.Answer = FakeAnswer.ServerError;

        await Checks(store).RunDueChecksAsync();
        Clock.Advance(TimeSpan.FromMinutes(5));
        await Checks(store).RunDueChecksAsync();
        var afterTwo = await ReadAsync(store, credential.Id);
        Clock.Advance(TimeSpan.FromMinutes(10));
        var failedAt = Now;
        await Checks(store).RunDueChecksAsync();
        var afterThree = await ReadAsync(store, credential.Id);
        var nextTry = await NextCheckAsync(store, credential.Id);
        Fakes.OpenAi.Answer = FakeAnswer.Success;
        Clock.Advance(TimeSpan.FromMinutes(20));
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
        Clock.Advance(Interval * 1.2);
        Fakes.OpenAi.Answer = FakeAnswer.ServerError;
        foreach (var wait in new[] { 0, 5, 10 })
        {
            Clock.Advance(TimeSpan.FromMinutes(wait));
            await Checks(store).RunDueChecksAsync();
        }

        var failed = await ReadAsync(store, credential.Id);
        Fakes.OpenAi.Answer = FakeAnswer.Success;
        var back = (await store.CredentialVerification.VerifyAsync(store.Admin, credential.Id)).ValueOrFail();
        Fakes.OpenAi.Answer = FakeAnswer.ServerError;
        Clock.Advance(Interval * 1.2);
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
        Fakes.OpenAi.Answer = FakeAnswer.ServerError;
        var created = await store.CredentialChanges.CreateAsync(store.Admin, Inputs.Credential("Prod", ProviderIds.OpenAi, Fakes.OpenAi.ValidKey));

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
        Fakes.OpenAi.Answer = answer;

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
        Fakes.OpenAi.Answer = FakeAnswer.InvalidKey;
        await store.CredentialVerification.VerifyAsync(store.Admin, credential.Id);
        Fakes.OpenAi.Answer = FakeAnswer.RateLimited;

        var result = await store.CredentialVerification.VerifyAsync(store.Admin, credential.Id);

        // Not in service before: the answer is what the admin asked for, shown as it is.
        Assert.Equal((CredentialStatus.Failed, VerificationOutcome.RateLimited), (result.ValueOrFail().Status, result.ValueOrFail().FailureOutcome));
    }

    private async Task<Guid> BackedOffAsync(TestStore store)
    {
        await using var db = await store.OpenDbAsync();
        var soon = Now + TimeSpan.FromMinutes(5);
        return await db.Credentials.Where(c => c.NextCheckAt == soon).Select(c => c.Id).SingleAsync();
    }
}
