namespace AgentHub.Tests.Core.Credentials;

/// <summary>
/// Edits through the credential editor on a real store: what is verified before it is stored, what is
/// kept when a new key is refused, and two edits from one version (only one wins).
/// </summary>
public sealed class CredentialEditorTests : IAsyncLifetime
{
    private const string GoodKey = "sk-good-000000000000a1b2";
    private const string BadKey = "sk-bad-0000000000000zz99";
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task EditOfNameAndDescriptionOnlyShouldSaveWithoutCallingTheProvider()
    {
        var credential = await _store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
        var callsBefore = _store.Verifier.Calls.Count;
        var input = (await _store.CredentialReader.GetAsync(_store.Admin, credential.Id))!.ToInput();
        input.Name = "Production";
        input.Description = "Billing account A";

        var result = await _store.CredentialEditor.UpdateAsync(_store.Admin, credential.Id, input, credential.Version);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("Production", result.Value.Name);
        Assert.Equal("Billing account A", result.Value.Description);
        Assert.Equal(CredentialStatus.Verified, result.Value.Status);
        Assert.Equal(callsBefore, _store.Verifier.Calls.Count);
    }

    [Fact]
    public async Task EditWithANewKeyShouldVerifyItFirstThenStoreIt()
    {
        var credential = await _store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
        const string NewKey = "sk-new-00000000000000c3d4";
        _store.Verifier.AcceptOnlyKey(NewKey);
        var input = (await _store.CredentialReader.GetAsync(_store.Admin, credential.Id))!.ToInput();
        input.Values[FieldKeys.ApiKey] = NewKey;

        var result = await _store.CredentialEditor.UpdateAsync(_store.Admin, credential.Id, input, credential.Version);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("…c3d4", result.Value.SecretHint);
        Assert.Equal(NewKey, _store.Verifier.Calls.Last().Value(FieldKeys.ApiKey));
    }

    [Fact]
    public async Task EditWithABadKeyShouldKeepTheOldValues()
    {
        var credential = await _store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
        _store.Verifier.AcceptOnlyKey(GoodKey);
        var input = (await _store.CredentialReader.GetAsync(_store.Admin, credential.Id))!.ToInput();
        input.Name = "Renamed too";
        input.Values[FieldKeys.ApiKey] = BadKey;

        var result = await _store.CredentialEditor.UpdateAsync(_store.Admin, credential.Id, input, credential.Version);

        Assert.Equal(OperationErrorKind.VerificationFailed, result.ErrorOrFail().Kind);
        Assert.Equal(VerificationOutcome.InvalidKey, result.ErrorOrFail().Verification!.Outcome);
        var after = Assert.Single(await _store.CredentialReader.ListAsync(_store.Admin));
        Assert.Equal(credential with { }, after);
        // The stored secret is still the good one: a re-verify is accepted.
        var reverified = await _store.CredentialVerification.VerifyAsync(_store.Admin, credential.Id);
        Assert.Equal(CredentialStatus.Verified, reverified.ValueOrFail().Status);
    }

    [Fact]
    public async Task EditOfAnAuthFieldAloneShouldVerifyWithTheStoredKey()
    {
        var credential = await _store.CreateVerifiedAsync("Prod", apiKey: GoodKey);
        var input = (await _store.CredentialReader.GetAsync(_store.Admin, credential.Id))!.ToInput();
        input.Values[FieldKeys.OrganizationId] = "org-abc123";

        var result = await _store.CredentialEditor.UpdateAsync(_store.Admin, credential.Id, input, credential.Version);

        Assert.True(result.Succeeded, result.Error?.Message);
        var call = _store.Verifier.Calls.Last();
        Assert.Equal(GoodKey, call.Value(FieldKeys.ApiKey));
        Assert.Equal("org-abc123", call.Value(FieldKeys.OrganizationId));
    }

    [Fact]
    public async Task EditShouldRefuseToChangeTheProvider()
    {
        var credential = await _store.CreateVerifiedAsync("Prod");
        var input = (await _store.CredentialReader.GetAsync(_store.Admin, credential.Id))!.ToInput();
        input.ProviderId = ProviderIds.Anthropic;

        var result = await _store.CredentialEditor.UpdateAsync(_store.Admin, credential.Id, input, credential.Version);

        Assert.Contains(nameof(CredentialInput.ProviderId), result.ErrorOrFail().FieldErrors.Keys);
        Assert.Equal(ProviderIds.OpenAi, Assert.Single(await _store.CredentialReader.ListAsync(_store.Admin)).ProviderId);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task TheSecondOfTwoEditsFromTheSameVersionShouldBeRefused(StoreKind kind)
    {
        await using var store = await TestStore.CreateAsync(store: kind);
        var credential = await store.CreateVerifiedAsync("Prod");
        var first = (await store.CredentialReader.GetAsync(store.Admin, credential.Id))!;
        var second = (await store.CredentialReader.GetAsync(store.Admin, credential.Id))!;
        var firstInput = first.ToInput();
        firstInput.Description = "First admin";
        var secondInput = second.ToInput();
        secondInput.Description = "Second admin";

        var firstSave = await store.CredentialEditor.UpdateAsync(store.Admin, credential.Id, firstInput, first.Version);
        var secondSave = await store.CredentialEditor.UpdateAsync(store.Admin, credential.Id, secondInput, second.Version);

        Assert.True(firstSave.Succeeded);
        Assert.Equal(OperationErrorKind.Concurrency, secondSave.ErrorOrFail().Kind);
        Assert.Contains("changed by someone else", secondSave.ErrorOrFail().Message);
        Assert.Equal("First admin", Assert.Single(await store.CredentialReader.ListAsync(store.Admin)).Description);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task ConcurrentEditsRacingPastTheEarlyCheckShouldStillLetOnlyOneWin(StoreKind kind)
    {
        await using var store = await TestStore.CreateAsync(store: kind);
        var credential = await store.CreateVerifiedAsync("Prod");
        var version = credential.Version;
        var saves = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            var input = (await store.CredentialReader.GetAsync(store.Admin, credential.Id))!.ToInput();
            input.Description = $"Admin {i}";
            return await store.CredentialEditor.UpdateAsync(store.Admin, credential.Id, input, version);
        }));

        var results = await Task.WhenAll(saves);

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(OperationErrorKind.Concurrency, r.ErrorOrFail().Kind));
    }

    [Fact]
    public async Task ClearingAnOptionalSecretShouldRemoveItAndReverify()
    {
        var credential = await _store.CreateVerifiedAsync("Gateway", ProviderIds.Custom, apiKey: GoodKey);
        var input = (await _store.CredentialReader.GetAsync(_store.Admin, credential.Id))!.ToInput();
        input.ClearedSecrets.Add(FieldKeys.ApiKey);

        var result = await _store.CredentialEditor.UpdateAsync(_store.Admin, credential.Id, input, credential.Version);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Null(_store.Verifier.Calls.Last().Value(FieldKeys.ApiKey));
        Assert.Null(result.Value.SecretHint);
        Assert.Empty((await _store.CredentialReader.GetAsync(_store.Admin, credential.Id))!.StoredSecretFields);
    }
}
