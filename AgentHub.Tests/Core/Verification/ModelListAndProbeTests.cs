using System.Text.Json;

namespace AgentHub.Tests.Core.Verification;

/// <summary>Model lists for the suggestions (all pages) and the one-token probe for Test, per provider.</summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class ModelListAndProbeTests : IDisposable
{
    private readonly FakeProviders _fakes;
    private readonly ServiceProvider _services;
    private readonly ProviderVerifier _verifier;

    public ModelListAndProbeTests(FakeProviders fakes)
    {
        _fakes = fakes;
        _fakes.ResetAll();
        _services = fakes.BuildServices();
        _verifier = _services.GetRequiredService<ProviderVerifier>();
    }

    public static TheoryData<string, string[]> ExpectedLists()
    {
        var data = new TheoryData<string, string[]>();
        foreach (var provider in ProviderTestValues.Providers)
        {
            data.Add(provider, ProviderTestValues.For(provider).ListedModels);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExpectedLists))]
    public async Task ListModelsShouldReturnEveryChatModelOfEveryPage(string providerId, string[] expected)
    {
        var result = await _verifier.ListModelsAsync(_fakes.Credential(_services, providerId), CancellationToken.None);

        Assert.Equal(VerificationOutcome.Verified, result.Result.Outcome);
        Assert.Equal(expected, result.Models);
    }

    [Fact]
    public async Task AnthropicListShouldFollowAfterIdWhileHasMore()
    {
        await _verifier.ListModelsAsync(_fakes.Credential(_services, ProviderIds.Anthropic), CancellationToken.None);

        Assert.Equal(["?limit=1000", "?limit=1000&after_id=claude-opus-4-1", "?limit=1000&after_id=claude-haiku-4-5"], _fakes.Anthropic.Requests.Select(r => r.Query));
    }

    [Fact]
    public async Task GeminiListShouldFollowNextPageToken()
    {
        await _verifier.ListModelsAsync(_fakes.Credential(_services, ProviderIds.Gemini), CancellationToken.None);

        Assert.Equal(["?pageSize=1000", "?pageSize=1000&pageToken=2"], _fakes.Gemini.Requests.Select(r => r.Query));
    }

    [Fact]
    public async Task VertexListShouldNameTheProjectToBill()
    {
        await _verifier.ListModelsAsync(_fakes.Credential(_services, ProviderIds.VertexAi), CancellationToken.None);

        var list = _fakes.VertexAi.Requests.Single(r => r.Path == "/v1beta1/publishers/google/models");
        Assert.Equal("fake-project", list.Header("x-goog-user-project"));
    }

    [Fact]
    public async Task AListThatFailsShouldSayWhyAndReturnNoModels()
    {
        var result = await _verifier.ListModelsAsync(_fakes.Credential(_services, ProviderIds.OpenAi, wrongKey: "sk-wrong-0000000000"), CancellationToken.None);

        Assert.Equal(VerificationOutcome.InvalidKey, result.Result.Outcome);
        Assert.Empty(result.Models);
    }

    public static TheoryData<string, string, string> Probes()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var provider in ProviderTestValues.Providers)
        {
            data.Add(provider, ProviderTestValues.For(provider).ProbeModel, ProviderTestValues.For(provider).ProbeCall);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Probes))]
    public async Task ProbeShouldSendOneCappedChatAndReturnTheReplyAndLatency(string providerId, string model, string expectedCall)
    {
        var result = await _verifier.ProbeAsync(_fakes.Credential(_services, providerId), model, CancellationToken.None);

        Assert.Equal(VerificationOutcome.Verified, result.Result.Outcome);
        Assert.Equal("Pong", result.Reply);
        Assert.True(result.Latency > TimeSpan.Zero);
        var call = _fakes.For(providerId).Requests.Last();
        Assert.Equal(expectedCall, $"{call.Method} {Uri.UnescapeDataString(call.Path)}");
        Assert.Equal(1, OutputCap(JsonDocument.Parse(call.Body).RootElement));
    }

    [Fact]
    public async Task OpenAiProbeShouldRetryWithMaxTokensWhenTheModelRefusesMaxCompletionTokens()
    {
        var result = await _verifier.ProbeAsync(_fakes.Credential(_services, ProviderIds.OpenAi), FakeOpenAi.LegacyModel, CancellationToken.None);

        Assert.Equal(VerificationOutcome.Verified, result.Result.Outcome);
        var bodies = _fakes.OpenAi.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.True(bodies[0].TryGetProperty("max_completion_tokens", out _));
        Assert.Equal(1, bodies[1].GetProperty("max_tokens").GetInt32());
    }

    [Theory]
    [InlineData(ProviderIds.OpenAi, FakeAnswer.QuotaExhausted, VerificationOutcome.QuotaExhausted)]
    [InlineData(ProviderIds.Anthropic, FakeAnswer.RateLimited, VerificationOutcome.RateLimited)]
    [InlineData(ProviderIds.Gemini, FakeAnswer.PermissionDenied, VerificationOutcome.PermissionDenied)]
    [InlineData(ProviderIds.Fireworks, FakeAnswer.QuotaExhausted, VerificationOutcome.QuotaExhausted)]
    [InlineData(ProviderIds.VertexAi, FakeAnswer.ServerError, VerificationOutcome.ProviderError)]
    [InlineData(ProviderIds.Databricks, FakeAnswer.RateLimited, VerificationOutcome.RateLimited)]
    [InlineData(ProviderIds.Bedrock, FakeAnswer.PermissionDenied, VerificationOutcome.PermissionDenied)]
    [InlineData(ProviderIds.Custom, FakeAnswer.Html, VerificationOutcome.NotOpenAiCompatible)]
    [InlineData(ProviderIds.OpenAi, FakeAnswer.Html, VerificationOutcome.ProviderError)]
    public async Task AFailedProbeShouldCarryTheErrorClassAndNoReply(string providerId, FakeAnswer answer, VerificationOutcome expected)
    {
        _fakes.For(providerId).Answer = answer;

        var result = await _verifier.ProbeAsync(_fakes.Credential(_services, providerId), "any-model", CancellationToken.None);

        Assert.Equal(expected, result.Result.Outcome);
        Assert.Null(result.Reply);
        Assert.False(string.IsNullOrWhiteSpace(result.Result.Message));
    }

    [Fact]
    public async Task BedrockProbeOfAnUnknownModelShouldPassOnTheValidationMessage()
    {
        var result = await _verifier.ProbeAsync(_fakes.Credential(_services, ProviderIds.Bedrock), "no.such-model", CancellationToken.None);

        Assert.Equal(VerificationOutcome.ProviderError, result.Result.Outcome);
        Assert.Contains("The provided model identifier is invalid.", result.Result.Message);
    }

    /// <summary>The output-token cap of a probe body, wherever the provider puts it.</summary>
    private static int OutputCap(JsonElement body) =>
        body.TryGetProperty("max_completion_tokens", out var a) ? a.GetInt32()
        : body.TryGetProperty("max_tokens", out var b) ? b.GetInt32()
        : body.TryGetProperty("generationConfig", out var g) ? g.GetProperty("maxOutputTokens").GetInt32()
        : body.GetProperty("inferenceConfig").GetProperty("maxTokens").GetInt32();

    public void Dispose() => _fakes.ResetAll();
}
