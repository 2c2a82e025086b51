using AgentHub.Core.Verification.Http;

namespace AgentHub.Tests.Core.Models;

/// <summary>ModelProviderCalls (suggestions, Test) through the real clients and the fakes.</summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class ModelProviderCallTests(FakeProviders fakes) : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        fakes.ResetAll();
        _store = await TestStore.CreateAsync(fakes.OperatorSettings(), configure: FakeProviders.TrustTheFakes, realVerifier: true);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        fakes.ResetAll();
    }

    private async Task<CredentialSummary> OpenAiCredentialAsync(string name = "Prod")
    {
        var created = await _store.CredentialChanges.CreateAsync(_store.Admin, new CredentialInput
        {
            Name = name, ProviderId = ProviderIds.OpenAi, Values = { [FieldKeys.ApiKey] = fakes.OpenAi.ValidKey },
        });
        return (await _store.CredentialVerification.VerifyAsync(_store.Admin, created.ValueOrFail().Id)).ValueOrFail();
    }

    private int ListCalls => fakes.OpenAi.Requests.Count(r => r.Path == "/v1/models");

    [Fact]
    public async Task SuggestionsShouldBeReusedForTheSameKeyAndFetchedAgainForANewOne()
    {
        var credential = await OpenAiCredentialAsync();
        var before = ListCalls;

        var first = await _store.ModelProviderCalls.SuggestAsync(_store.Admin, credential.Id);
        var second = await _store.ModelProviderCalls.SuggestAsync(_store.Admin, credential.Id);
        fakes.OpenAi.ValidKey = "sk-second-key-0000000001";
        var input = (await _store.CredentialReader.GetAsync(_store.Admin, credential.Id))!.ToInput();
        input.Values[FieldKeys.ApiKey] = fakes.OpenAi.ValidKey;
        var updated = await _store.CredentialEditor.UpdateAsync(_store.Admin, credential.Id, input, credential.Version);
        var afterRotation = await _store.ModelProviderCalls.SuggestAsync(_store.Admin, credential.Id);

        Assert.True(updated.Succeeded, updated.Error?.Message);
        Assert.Equal(["gpt-3.5-turbo-instruct-legacy", "gpt-4o", "gpt-4o-mini"], first.Models);
        Assert.Equal(first.Models, second.Models);
        Assert.Equal(first.Models, afterRotation.Models);
        // The first read, the edit's verification and the read after the new key; the second read came from the cache.
        Assert.Equal(before + 3, ListCalls);
    }

    [Fact]
    public async Task AListThatFailedShouldBeReportedAndNotReused()
    {
        var credential = await OpenAiCredentialAsync();
        fakes.OpenAi.Answer = FakeAnswer.RateLimited;

        var failed = await _store.ModelProviderCalls.SuggestAsync(_store.Admin, credential.Id);
        fakes.OpenAi.Answer = FakeAnswer.Success;
        var recovered = await _store.ModelProviderCalls.SuggestAsync(_store.Admin, credential.Id);

        Assert.Empty(failed.Models);
        Assert.Contains("rate-limiting", failed.Problem);
        Assert.Equal(3, recovered.Models.Count);
    }

    [Fact]
    public async Task TestOfAnInvalidModelShouldBeRefusedWithoutCallingTheProvider()
    {
        var credential = await OpenAiCredentialAsync();
        await _store.ModelChanges.ConnectAsync(_store.Admin, new() { CredentialId = credential.Id, ModelId = "gpt-4o" });
        await _store.CredentialChanges.DeleteAsync(_store.Admin, credential.Id);
        var model = Assert.Single(await _store.ModelReader.ListAsync(_store.Admin));
        var calls = fakes.OpenAi.Calls;

        var result = await _store.ModelProviderCalls.TestAsync(_store.Admin, model.Id);

        Assert.Equal(OperationErrorKind.Conflict, result.ErrorOrFail().Kind);
        Assert.Contains("Credential 'Prod' was deleted", result.ErrorOrFail().Message);
        Assert.Equal(calls, fakes.OpenAi.Calls);
    }

    [Fact]
    public async Task TestShouldReturnTheProbesReplyAndLatency()
    {
        var credential = await OpenAiCredentialAsync();
        var model = (await _store.ModelChanges.ConnectAsync(_store.Admin, new() { CredentialId = credential.Id, ModelId = "gpt-4o-mini" })).ValueOrFail();

        var result = await _store.ModelProviderCalls.TestAsync(_store.Admin, model.Id);

        Assert.Equal(VerificationOutcome.Verified, result.ValueOrFail().Result.Outcome);
        Assert.Equal("Pong", result.ValueOrFail().Reply);
        Assert.True(result.ValueOrFail().Latency > TimeSpan.Zero);
    }

    [Theory]
    [InlineData("escaped")]
    [InlineData("upper")]
    [InlineData("base64")]
    public async Task TestShouldMaskAKeyTheModelEchoesInItsReply(string encoding)
    {
        var credential = await OpenAiCredentialAsync();
        var model = (await _store.ModelChanges.ConnectAsync(_store.Admin, new() { CredentialId = credential.Id, ModelId = "gpt-4o-mini" })).ValueOrFail();
        fakes.OpenAi.RawReply = encoding switch
        {
            "escaped" => key => "Your key is " + string.Concat(key.Select(c => $"\\u{(int)c:x4}")),
            "upper" => key => "Your key is " + key.ToUpperInvariant(),
            _ => key => "Your key is " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(key)),
        };

        var result = await _store.ModelProviderCalls.TestAsync(_store.Admin, model.Id);

        Assert.Equal(VerificationOutcome.Verified, result.ValueOrFail().Result.Outcome);
        Assert.Equal("Your key is [redacted]", result.ValueOrFail().Reply);
    }
}
