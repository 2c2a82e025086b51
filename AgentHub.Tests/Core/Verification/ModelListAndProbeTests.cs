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

    public static TheoryData<string, string[]> ExpectedLists => new()
    {
        { "openai", ["gpt-3.5-turbo-instruct-legacy", "gpt-4o", "gpt-4o-mini"] },
        { "anthropic", ["claude-3-5-haiku-20241022", "claude-3-7-sonnet", "claude-haiku-4-5", "claude-opus-4-1", "claude-sonnet-4-5"] },
        // Embedding models cannot chat and are left out; "models/" is stripped.
        { "gemini", ["gemini-2.0-flash", "gemini-2.5-flash", "gemini-2.5-pro"] },
        { "fireworks", ["accounts/fireworks/models/llama-v3p1-8b-instruct", "accounts/fireworks/models/qwen3-235b"] },
        { "vertex-ai", ["gemini-2.0-flash-001", "gemini-2.5-pro"] },
        { "databricks", ["databricks-meta-llama-3-3-70b-instruct", "my-private-endpoint"] },
        { "bedrock", ["anthropic.claude-3-haiku-20240307-v1:0", "meta.llama3-70b-instruct-v1:0"] },
        { "custom", ["llama-3.1-8b", "qwen2.5-7b"] },
    };

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
        await _verifier.ListModelsAsync(_fakes.Credential(_services, "anthropic"), CancellationToken.None);

        Assert.Equal(["?limit=1000", "?limit=1000&after_id=claude-opus-4-1", "?limit=1000&after_id=claude-haiku-4-5"], _fakes.Anthropic.Requests.Select(r => r.Query));
    }

    [Fact]
    public async Task GeminiListShouldFollowNextPageToken()
    {
        await _verifier.ListModelsAsync(_fakes.Credential(_services, "gemini"), CancellationToken.None);

        Assert.Equal(["?pageSize=1000", "?pageSize=1000&pageToken=2"], _fakes.Gemini.Requests.Select(r => r.Query));
    }

    [Fact]
    public async Task VertexListShouldNameTheProjectToBill()
    {
        await _verifier.ListModelsAsync(_fakes.Credential(_services, "vertex-ai"), CancellationToken.None);

        var list = _fakes.VertexAi.Requests.Single(r => r.Path == "/v1beta1/publishers/google/models");
        Assert.Equal("fake-project", list.Header("x-goog-user-project"));
    }

    [Fact]
    public async Task AListThatFailsShouldSayWhyAndReturnNoModels()
    {
        var result = await _verifier.ListModelsAsync(_fakes.Credential(_services, "openai", wrongKey: "sk-wrong-0000000000"), CancellationToken.None);

        Assert.Equal(VerificationOutcome.InvalidKey, result.Result.Outcome);
        Assert.Empty(result.Models);
    }

    public static TheoryData<string, string, string> Probes => new()
    {
        { "openai", "gpt-4o-mini", "POST /v1/chat/completions" },
        { "anthropic", "claude-sonnet-4-5", "POST /v1/messages" },
        { "gemini", "gemini-2.0-flash", "POST /v1beta/models/gemini-2.0-flash:generateContent" },
        { "fireworks", "accounts/fireworks/models/qwen3-235b", "POST /inference/v1/chat/completions" },
        { "vertex-ai", "gemini-2.5-pro", "POST /v1/projects/fake-project/locations/us-central1/publishers/google/models/gemini-2.5-pro:generateContent" },
        { "databricks", "my-private-endpoint", "POST /serving-endpoints/my-private-endpoint/invocations" },
        { "bedrock", "anthropic.claude-3-haiku-20240307-v1:0", "POST /model/anthropic.claude-3-haiku-20240307-v1:0/converse" },
        { "custom", "llama-3.1-8b", "POST /v1/chat/completions" },
    };

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
        var result = await _verifier.ProbeAsync(_fakes.Credential(_services, "openai"), FakeOpenAi.LegacyModel, CancellationToken.None);

        Assert.Equal(VerificationOutcome.Verified, result.Result.Outcome);
        var bodies = _fakes.OpenAi.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.True(bodies[0].TryGetProperty("max_completion_tokens", out _));
        Assert.Equal(1, bodies[1].GetProperty("max_tokens").GetInt32());
    }

    [Theory]
    [InlineData("openai", FakeAnswer.QuotaExhausted, VerificationOutcome.QuotaExhausted)]
    [InlineData("anthropic", FakeAnswer.RateLimited, VerificationOutcome.RateLimited)]
    [InlineData("gemini", FakeAnswer.PermissionDenied, VerificationOutcome.PermissionDenied)]
    [InlineData("fireworks", FakeAnswer.QuotaExhausted, VerificationOutcome.QuotaExhausted)]
    [InlineData("vertex-ai", FakeAnswer.ServerError, VerificationOutcome.ProviderError)]
    [InlineData("databricks", FakeAnswer.RateLimited, VerificationOutcome.RateLimited)]
    [InlineData("bedrock", FakeAnswer.PermissionDenied, VerificationOutcome.PermissionDenied)]
    [InlineData("custom", FakeAnswer.Html, VerificationOutcome.NotOpenAiCompatible)]
    [InlineData("openai", FakeAnswer.Html, VerificationOutcome.ProviderError)]
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
        var result = await _verifier.ProbeAsync(_fakes.Credential(_services, "bedrock"), "no.such-model", CancellationToken.None);

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
