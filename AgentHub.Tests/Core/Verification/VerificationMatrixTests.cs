namespace AgentHub.Tests.Core.Verification;

/// <summary>Every client against every answer its provider can give: (provider × answer → class).</summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class VerificationMatrixTests : IDisposable
{
    private readonly FakeProviders _fakes;
    private readonly ServiceProvider _services;

    public VerificationMatrixTests(FakeProviders fakes)
    {
        _fakes = fakes;
        _fakes.ResetAll();
        // Long enough for a loaded machine (a wrong Vertex key signs with a fresh RSA key), short enough for the Slow rows.
        _services = fakes.BuildServices(timeout: TimeSpan.FromSeconds(4));
    }

        /// <summary>The expected class of each provider's answer; a provider absent from a row cannot give that answer.</summary>
    public static TheoryData<string, FakeAnswer, VerificationOutcome> Matrix()
    {
        var data = new TheoryData<string, FakeAnswer, VerificationOutcome>();
        foreach (var provider in ProviderTestValues.Providers)
        {
            data.Add(provider, FakeAnswer.Success, VerificationOutcome.Verified);
            data.Add(provider, FakeAnswer.InvalidKey, VerificationOutcome.InvalidKey);
            data.Add(provider, FakeAnswer.RateLimited, VerificationOutcome.RateLimited);
            data.Add(provider, FakeAnswer.PermissionDenied, VerificationOutcome.PermissionDenied);
            data.Add(provider, FakeAnswer.ServerError, VerificationOutcome.ProviderError);
            data.Add(provider, FakeAnswer.Html, provider == ProviderIds.Custom ? VerificationOutcome.NotOpenAiCompatible : VerificationOutcome.ProviderError);
            data.Add(provider, FakeAnswer.Slow, VerificationOutcome.Timeout);
            // Google's token library reads the token endpoint's redirect itself: it is an unreadable token answer there.
            data.Add(provider, FakeAnswer.Redirect, provider == ProviderIds.VertexAi ? VerificationOutcome.ProviderError : VerificationOutcome.EndpointNotFound);
            data.Add(provider, FakeAnswer.Oversized, VerificationOutcome.ProviderError);
            // Where a provider has a distinct "no credit" answer it is QuotaExhausted; where its 429 cannot tell, RateLimited.
            data.Add(provider, FakeAnswer.QuotaExhausted, provider is ProviderIds.OpenAi or ProviderIds.Anthropic or ProviderIds.Gemini or ProviderIds.Fireworks
                ? VerificationOutcome.QuotaExhausted
                : VerificationOutcome.RateLimited);
        }

        data.Add(ProviderIds.OpenAi, FakeAnswer.OrganizationMismatch, VerificationOutcome.OrganizationMismatch);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task VerifyShouldClassifyEachAnswerOfTheProvider(string providerId, FakeAnswer answer, VerificationOutcome expected)
    {
        var fake = _fakes.For(providerId);
        fake.Answer = answer == FakeAnswer.InvalidKey ? FakeAnswer.Success : answer;
        var credential = answer == FakeAnswer.InvalidKey
            ? _fakes.Credential(_services, providerId, wrongKey: "wrong-key-000000000000")
            : _fakes.Credential(_services, providerId);

        var result = await _services.GetRequiredService<ProviderVerifier>().VerifyAsync(credential, CancellationToken.None);

        Assert.True(expected == result.Outcome, $"{providerId} × {answer}: expected {expected}, got {result.Outcome} ({result.Message} | {result.Detail})");
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
        Assert.True(fake.Calls > 0, "The fake was called");
    }

    public void Dispose() => _fakes.ResetAll();
}
