namespace AgentHub.Tests.Core.Credentials;

/// <summary>Verifying a credential: what each answer records, and a verification that races an edit, a rename, a timeout or a restart.</summary>
public sealed class CredentialVerificationTests : IAsyncLifetime
{
    private const string GoodKey = "sk-good-000000000000a1b2";
    private const string BadKey = "sk-bad-0000000000000zz99";
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task AReverifyAnsweredRateLimitedWhileTheKeyWasReplacedShouldBeDiscardedNotSayStaysVerified()
    {
        const string first = "sk-first-key-0000000000001", second = "sk-second-key-000000000002";
        var credential = await _store.CreateVerifiedAsync("Prod", apiKey: first);
        var replaced = false;
        _store.Verifier.Answer = async (request, _) =>
        {
            if (request.Value(FieldKeys.ApiKey) != first || replaced)
            {
                return VerificationResult.Verified(request.Schema.DisplayName);
            }

            // Another admin saves a new key while the provider answers this Re-verify.
            replaced = true;
            var details = (await _store.CredentialReader.GetAsync(_store.Admin, credential.Id))!;
            var input = details.ToInput();
            input.Values[FieldKeys.ApiKey] = second;
            (await _store.CredentialEditor.UpdateAsync(_store.Admin, credential.Id, input, details.Version)).ValueOrFail();
            return VerificationResult.Failed(VerificationOutcome.RateLimited, request.Schema.DisplayName, "429");
        };

        var result = await _store.CredentialVerification.VerifyAsync(_store.Admin, credential.Id);

        Assert.Equal(OperationErrorKind.Concurrency, result.ErrorOrFail().Kind);
        Assert.DoesNotContain(await _store.Services.GetRequiredService<AgentHub.Core.Activity.ActivityLog>().ListAsync(_store.Admin),
            e => e.Details?.Contains("stays Verified", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task VerifyShouldRecordVerifiedWithTheTimeWhenTheProviderAcceptsTheKey()
    {
        _store.Verifier.AcceptOnlyKey(GoodKey);
        var created = await _store.CredentialChanges.CreateAsync(_store.Admin, Inputs.Credential("Prod", apiKey: GoodKey));

        var verified = await _store.CredentialVerification.VerifyAsync(_store.Admin, created.ValueOrFail().Id);

        Assert.Equal(CredentialStatus.Verified, verified.ValueOrFail().Status);
        Assert.NotNull(verified.ValueOrFail().LastVerifiedAt);
        Assert.Equal(GoodKey, Assert.Single(_store.Verifier.Calls).Value(FieldKeys.ApiKey));
    }

    [Fact]
    public async Task VerifyWithARejectedKeyShouldRecordFailedWithThePlainReason()
    {
        _store.Verifier.AcceptOnlyKey(GoodKey);
        var created = await _store.CredentialChanges.CreateAsync(_store.Admin, Inputs.Credential("Prod", apiKey: BadKey));

        var verified = await _store.CredentialVerification.VerifyAsync(_store.Admin, created.ValueOrFail().Id);

        var row = Assert.Single(await _store.CredentialReader.ListAsync(_store.Admin));
        Assert.Equal(CredentialStatus.Failed, verified.ValueOrFail().Status);
        Assert.Equal(CredentialStatus.Failed, row.Status);
        Assert.Equal(VerificationOutcome.InvalidKey, row.FailureOutcome);
        Assert.Contains("rejected the key", row.StatusMessage);
        Assert.Null(row.LastVerifiedAt);
    }

    [Fact]
    public async Task ReverifyAfterTheProviderAcceptsShouldTurnAFailedCredentialVerified()
    {
        _store.Verifier.AcceptOnlyKey("some-other-key-entirely");
        var created = await _store.CredentialChanges.CreateAsync(_store.Admin, Inputs.Credential("Prod", apiKey: GoodKey));
        await _store.CredentialVerification.VerifyAsync(_store.Admin, created.ValueOrFail().Id);

        _store.Verifier.AcceptOnlyKey(GoodKey);
        var again = await _store.CredentialVerification.VerifyAsync(_store.Admin, created.ValueOrFail().Id);

        Assert.Equal(CredentialStatus.Verified, again.ValueOrFail().Status);
        Assert.Null(again.ValueOrFail().FailureOutcome);
    }

    [Fact]
    public async Task VerificationPastTheTimeoutShouldRecordTimeout()
    {
        await using var store = await TestStore.CreateAsync(new Dictionary<string, string?> { ["AgentHub:Verification:Timeout"] = "00:00:00.300" });
        // This client ignores its cancellation token: the service's bound must hold regardless.
        store.Verifier.Answer = async (request, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10));
            return VerificationResult.Verified(request.Schema.DisplayName);
        };
        var created = await store.CredentialChanges.CreateAsync(store.Admin, Inputs.Credential("Slow"));

        var result = await store.CredentialVerification.VerifyAsync(store.Admin, created.ValueOrFail().Id);

        Assert.Equal(CredentialStatus.Failed, result.ValueOrFail().Status);
        Assert.Equal(VerificationOutcome.Timeout, result.ValueOrFail().FailureOutcome);
    }

    [Fact]
    public async Task AResultThatEchoesTheKeyShouldBeStoredRedacted()
    {
        _store.Verifier.Answer = (request, _) => Task.FromResult(new VerificationResult(
            VerificationOutcome.InvalidKey, $"Key {request.Value(FieldKeys.ApiKey)} was refused", $"Incorrect API key provided: {request.Value(FieldKeys.ApiKey)}"));
        var created = await _store.CredentialChanges.CreateAsync(_store.Admin, Inputs.Credential("Echo", apiKey: BadKey));

        var result = await _store.CredentialVerification.VerifyAsync(_store.Admin, created.ValueOrFail().Id);

        Assert.DoesNotContain(BadKey, result.ValueOrFail().StatusMessage);
        Assert.DoesNotContain(BadKey, result.ValueOrFail().StatusDetail);
        Assert.Contains("[redacted]", result.ValueOrFail().StatusDetail);
    }

    [Fact]
    public async Task AVerifierThatThrowsShouldRecordProviderErrorWithoutItsMessage()
    {
        _store.Verifier.Answer = (request, _) => throw new InvalidOperationException($"boom {request.Value(FieldKeys.ApiKey)}");
        var created = await _store.CredentialChanges.CreateAsync(_store.Admin, Inputs.Credential("Buggy", apiKey: BadKey));

        var result = await _store.CredentialVerification.VerifyAsync(_store.Admin, created.ValueOrFail().Id);

        Assert.Equal(VerificationOutcome.ProviderError, result.ValueOrFail().FailureOutcome);
        Assert.DoesNotContain(BadKey, result.ValueOrFail().StatusDetail ?? "");
        Assert.DoesNotContain("boom", result.ValueOrFail().StatusDetail ?? "");
    }

    [Fact]
    public async Task ANetworkFailureThrownDuringVerificationShouldBeClassifiedByTheOneVerifierLayer()
    {
        // The service has no mapping of its own: what the call throws is classified by ProviderVerifier.
        _store.Verifier.Answer = (request, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, $"refused for {request.Value(FieldKeys.ApiKey)}");
        var created = await _store.CredentialChanges.CreateAsync(_store.Admin, Inputs.Credential("Offline", apiKey: BadKey));

        var result = await _store.CredentialVerification.VerifyAsync(_store.Admin, created.ValueOrFail().Id);

        Assert.Equal(VerificationOutcome.Unreachable, result.ValueOrFail().FailureOutcome);
        Assert.DoesNotContain(BadKey, result.ValueOrFail().StatusDetail ?? "");
    }

    [Fact]
    public async Task AVerificationOfAReplacedKeyShouldNotOverwriteTheNewKeysStatus()
    {
        const string NewKey = "sk-new-key-000000000042";
        var credential = await _store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
        var oldKeyAnswered = new TaskCompletionSource();
        _store.Verifier.Answer = async (request, _) =>
        {
            if (request.Value(FieldKeys.ApiKey) == NewKey)
            {
                return VerificationResult.Verified(request.Schema.DisplayName);
            }

            await oldKeyAnswered.Task;
            return VerificationResult.Failed(VerificationOutcome.InvalidKey, request.Schema.DisplayName);
        };
        var slowReverify = _store.CredentialVerification.VerifyAsync(_store.Admin, credential.Id);
        var input = (await _store.CredentialReader.GetAsync(_store.Admin, credential.Id))!.ToInput();
        input.Values[FieldKeys.ApiKey] = NewKey;
        var saved = await _store.CredentialEditor.UpdateAsync(_store.Admin, credential.Id, input, credential.Version);

        oldKeyAnswered.SetResult();
        var stale = await slowReverify;

        Assert.True(saved.Succeeded, saved.Error?.Message);
        Assert.Equal(OperationErrorKind.Concurrency, stale.ErrorOrFail().Kind);
        var row = Assert.Single(await _store.CredentialReader.ListAsync(_store.Admin));
        Assert.Equal((CredentialStatus.Verified, "…0042"), (row.Status, row.SecretHint));
    }

    [Fact]
    public async Task AVerificationThatFinishesAfterARenameShouldStillBeRecorded()
    {
        var credential = await _store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
        var gate = new TaskCompletionSource();
        _store.Verifier.Answer = async (request, _) =>
        {
            await gate.Task;
            return VerificationResult.Failed(VerificationOutcome.QuotaExhausted, request.Schema.DisplayName);
        };
        var slowReverify = _store.CredentialVerification.VerifyAsync(_store.Admin, credential.Id);
        var input = (await _store.CredentialReader.GetAsync(_store.Admin, credential.Id))!.ToInput();
        input.Name = "Renamed meanwhile";
        await _store.CredentialEditor.UpdateAsync(_store.Admin, credential.Id, input, credential.Version);

        gate.SetResult();
        var result = await slowReverify;

        Assert.True(result.Succeeded, result.Error?.Message);
        var row = Assert.Single(await _store.CredentialReader.ListAsync(_store.Admin));
        Assert.Equal(("Renamed meanwhile", CredentialStatus.Failed, VerificationOutcome.QuotaExhausted), (row.Name, row.Status, row.FailureOutcome));
    }

    [Fact]
    public async Task AReverifyInterruptedMidCallShouldLeaveThePreviousStatusWhole()
    {
        var credential = await _store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
        using var cancel = new CancellationTokenSource();
        _store.Verifier.Answer = async (request, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return VerificationResult.Verified(request.Schema.DisplayName);
        };

        var reverify = _store.CredentialVerification.VerifyAsync(_store.Admin, credential.Id, cancel.Token);
        await Task.Delay(100);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reverify);
        Assert.Equal(CredentialStatus.Verified, Assert.Single(await _store.CredentialReader.ListAsync(_store.Admin)).Status);
    }

    [Fact]
    public async Task ACreateWhoseVerificationNeverAnsweredShouldReadAsInterruptedAfterTheTimeout()
    {
        var clock = new MutableClock(DateTimeOffset.UtcNow);
        await using var store = await TestStore.CreateAsync(configure: s => s.AddSingleton<TimeProvider>(clock));
        var created = await store.CredentialChanges.CreateAsync(store.Admin, Inputs.Credential("Orphan"));

        var soon = Assert.Single(await store.CredentialReader.ListAsync(store.Admin));
        clock.Advance(TimeSpan.FromMinutes(5));
        var later = Assert.Single(await store.CredentialReader.ListAsync(store.Admin));

        Assert.True(created.Succeeded);
        Assert.Equal(CredentialStatus.Verifying, soon.Status);
        Assert.Equal(CredentialStatus.Failed, later.Status);
        Assert.Contains("Re-verify", later.StatusMessage);
    }
}
