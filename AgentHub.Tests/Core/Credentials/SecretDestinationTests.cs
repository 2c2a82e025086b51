using AgentHub.Core.Activity;

namespace AgentHub.Tests.Core.Credentials;

/// <summary>
/// "A stored secret never follows a new address", through the real clients: a second HTTPS fake at
/// the new address (private addresses allowed, so only this rule stands between it and the key).
/// </summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class SecretDestinationTests(FakeProviders fakes) : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        fakes.ResetAll();
        var settings = fakes.OperatorSettings();
        settings["AgentHub:Network:AllowPrivateEndpoints"] = "true";
        _store = await TestStore.CreateAsync(settings, configure: FakeProviders.TrustTheFakes, realVerifier: true);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        fakes.ResetAll();
    }

    public static TheoryData<string> AddressProviders => [ProviderIds.Custom, ProviderIds.Fireworks, ProviderIds.Databricks];

    private static string AddressField(string providerId) => providerId == ProviderIds.Databricks ? FieldKeys.WorkspaceUrl : FieldKeys.BaseUrl;

    private static async Task<FakeProviderServer> StartElsewhereAsync(string providerId)
    {
        FakeProviderServer fake = providerId switch
        {
            ProviderIds.Custom => new FakeCustom(),
            ProviderIds.Fireworks => new FakeFireworks(),
            _ => new FakeDatabricks(),
        };
        return await fake.StartAsync();
    }

    private async Task<CredentialSummary> VerifiedAsync(string providerId)
    {
        var request = fakes.Credential(_store.Services, providerId);
        var created = await _store.CredentialChanges.CreateAsync(_store.Admin, new CredentialInput
        {
            Name = "Prod", ProviderId = providerId, Values = request.Values.ToDictionary(kv => kv.Key, kv => (string?)kv.Value),
        });
        var verified = await _store.CredentialVerification.VerifyAsync(_store.Admin, created.ValueOrFail().Id);
        Assert.Equal(CredentialStatus.Verified, verified.ValueOrFail().Status);
        return verified.ValueOrFail();
    }

    [Theory]
    [MemberData(nameof(AddressProviders))]
    public async Task AnEditThatMovesTheAddressWithoutTheKeyShouldSendNothingAndStoreNothing(string providerId)
    {
        var credential = await VerifiedAsync(providerId);
        var before = await _store.CredentialReader.GetAsync(_store.Admin, credential.Id);
        await using var elsewhere = await StartElsewhereAsync(providerId);
        var input = before!.ToInput();
        input.Values[AddressField(providerId)] = elsewhere.BaseUrl.AbsoluteUri;

        var result = await _store.CredentialEditor.UpdateAsync(_store.Admin, credential.Id, input, credential.Version);

        Assert.Equal(OperationErrorKind.Invalid, result.ErrorOrFail().Kind);
        Assert.StartsWith("Type the API Key again to use it at a new address", result.ErrorOrFail().FieldErrors[AddressField(providerId)][0]);
        Assert.Equal(0, elsewhere.Calls);
        Assert.Equal(credential, Assert.Single(await _store.CredentialReader.ListAsync(_store.Admin)));
        Assert.Equal(before.Settings, (await _store.CredentialReader.GetAsync(_store.Admin, credential.Id))!.Settings);
        var entry = (await _store.Services.GetRequiredService<ActivityLog>().ListAsync(_store.Admin))[0];
        Assert.Equal("Credential edit refused", entry.Action);
        Assert.Contains(providerId == ProviderIds.Databricks ? "Workspace URL" : "Base URL", entry.Details);
        Assert.DoesNotContain(elsewhere.Root.Port.ToString(), entry.Details);
    }

    [Theory]
    [MemberData(nameof(AddressProviders))]
    public async Task AnEditThatMovesTheAddressWithTheKeyTypedAgainShouldBeProvenThere(string providerId)
    {
        var credential = await VerifiedAsync(providerId);
        await using var elsewhere = await StartElsewhereAsync(providerId);
        elsewhere.ValidKey = "typed-again-key-000000042";
        var input = (await _store.CredentialReader.GetAsync(_store.Admin, credential.Id))!.ToInput();
        input.Values[AddressField(providerId)] = elsewhere.BaseUrl.AbsoluteUri;
        input.Values[FieldKeys.ApiKey] = elsewhere.ValidKey;

        var result = await _store.CredentialEditor.UpdateAsync(_store.Admin, credential.Id, input, credential.Version);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.NotEqual(0, elsewhere.Calls);
        Assert.Equal(CredentialStatus.Verified, result.Value.Status);
    }

    [Fact]
    public async Task AFailedVerificationOfAnEditShouldBeOnTheRecordWithItsClassAndNoValue()
    {
        var credential = await VerifiedAsync(ProviderIds.OpenAi);
        var input = (await _store.CredentialReader.GetAsync(_store.Admin, credential.Id))!.ToInput();
        const string wrongKey = "sk-wrong-key-0000000000zz";
        input.Values[FieldKeys.ApiKey] = wrongKey;

        var result = await _store.CredentialEditor.UpdateAsync(_store.Admin, credential.Id, input, credential.Version);

        Assert.Equal(OperationErrorKind.VerificationFailed, result.ErrorOrFail().Kind);
        var entry = (await _store.Services.GetRequiredService<ActivityLog>().ListAsync(_store.Admin))[0];
        Assert.Equal("Credential edit refused", entry.Action);
        Assert.Equal("Changed: API Key; Not saved: verification failed: InvalidKey", entry.Details);
        Assert.DoesNotContain(wrongKey, entry.Details);
    }
}
