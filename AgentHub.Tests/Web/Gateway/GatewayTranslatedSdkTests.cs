using System.Text.Json;
using OpenAI.Chat;

namespace AgentHub.Tests.Web.Gateway;

/// <summary>
/// The official OpenAI .NET SDK as the agent, through the gateway, against the providers whose API
/// is not OpenAI's (Anthropic Messages, Gemini and Vertex AI generateContent, Bedrock Converse):
/// each fake speaks and checks its own wire format, and the agent sees only OpenAI's.
/// </summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class GatewayTranslatedSdkTests(FakeProviders fakes)
{
    /// <summary>(provider, the path fragment its native chat call must use).</summary>
    public static TheoryData<string, string> Providers
    {
        get
        {
            var rows = new TheoryData<string, string>();
            foreach (var providerId in ProviderTestValues.OwnDialectProviderIds)
            {
                rows.Add(providerId, ProviderTestValues.For(providerId).NativeChatPath
                    ?? throw new InvalidOperationException($"Provider '{providerId}' has a dialect of its own but no NativeChatPath in its test row."));
            }

            return rows;
        }
    }

    private static IEnumerable<RecordedRequest> ChatCalls(GatewayHarness gateway) =>
        gateway.Fake.Requests.Where(r => r.Method == "POST" && !r.Path.Contains("token", StringComparison.OrdinalIgnoreCase));

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task APlainReplyShouldComeBackInOpenAisFormat(string providerId, string nativePath)
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, providerId);

        ChatCompletion completion = await gateway.Sdk().CompleteChatAsync([new SystemChatMessage("Answer briefly."), new UserChatMessage("Ping?")]);

        Assert.Equal(FakeChat.PlainAnswer, completion.Content[0].Text);
        Assert.Equal(GatewayHarness.Alias, completion.Model);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(FakeChat.PromptTokens + FakeChat.CompletionTokens, completion.Usage.TotalTokenCount);
        var sent = Assert.Single(ChatCalls(gateway));
        Assert.Contains(nativePath, sent.Path);
        Assert.DoesNotContain("chat/completions", sent.Path);
        Assert.DoesNotContain(gateway.AgentKey, sent.Body + sent.Query + string.Join(' ', sent.Headers.Values));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AStreamedReplyShouldArriveInChunksWithUsage(string providerId, string nativePath)
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, providerId);
        var text = "";
        var updates = 0;
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;

        await foreach (var update in gateway.Sdk().CompleteChatStreamingAsync([new UserChatMessage("Ping?")]))
        {
            updates++;
            text += string.Concat(update.ContentUpdate.Select(p => p.Text));
            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        Assert.Equal(FakeChat.PlainAnswer, text);
        Assert.True(updates >= 2, $"expected the provider's events relayed as chunks, got {updates} updates");
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.Equal(FakeChat.PromptTokens + FakeChat.CompletionTokens, usage!.TotalTokenCount);
        Assert.Contains(providerId == ProviderIds.Bedrock ? "/converse-stream" : providerId == ProviderIds.Anthropic ? nativePath : ":streamGenerateContent",
            Assert.Single(ChatCalls(gateway)).Path);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AToolCallShouldMakeTheRoundTrip(string providerId, string nativePath)
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, providerId);

        var (call, toolCall, answer) = await gateway.ToolCallRoundTripAsync();

        Assert.Equal(ChatFinishReason.ToolCalls, call.FinishReason);
        Assert.Equal(FakeChat.ToolName, toolCall.FunctionName);
        Assert.Equal("Paris", JsonDocument.Parse(toolCall.FunctionArguments).RootElement.GetProperty("city").GetString());
        Assert.Contains("sunny, 24 C", answer.Content[0].Text);
        Assert.All(ChatCalls(gateway), r => Assert.Contains(nativePath, r.Path));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AStreamedToolCallShouldArriveByIndex(string providerId, string nativePath)
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, providerId);

        var (name, arguments) = await gateway.StreamedToolCallAsync();

        Assert.Equal(FakeChat.ToolName, name);
        Assert.Equal("Paris", JsonDocument.Parse(arguments).RootElement.GetProperty("city").GetString());
        Assert.NotEmpty(nativePath);
    }

    [Fact]
    public async Task VertexAiGatewayCallsShouldReuseTheAccessToken()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.VertexAi);
        int TokenExchanges() => gateway.Fake.Requests.Count(r => r.Path == "/token");
        var afterSetup = TokenExchanges();

        await gateway.Sdk().CompleteChatAsync([new UserChatMessage("Ping?")]);
        await gateway.Sdk().CompleteChatAsync([new UserChatMessage("Ping again?")]);
        var afterTwoCalls = TokenExchanges();

        // Without reuse each call exchanges a token; with it, at most the first one does.
        Assert.InRange(afterTwoCalls - afterSetup, 0, 1);
        Assert.Equal(2, ChatCalls(gateway).Count());
    }

    [Fact]
    public async Task AReverifyOfAVertexAiKeyShouldExchangeATokenEveryTime()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.VertexAi);
        int TokenExchanges() => gateway.Fake.Requests.Count(r => r.Path == "/token");
        await gateway.Sdk().CompleteChatAsync([new UserChatMessage("Ping?")]);
        var before = TokenExchanges();
        using var scope = gateway.App.Services.CreateScope();
        var credentials = scope.ServiceProvider.GetRequiredService<AgentHub.Core.Credentials.CredentialVerification>();

        await credentials.VerifyAsync(gateway.Admin, gateway.Credential.Id);
        await credentials.VerifyAsync(gateway.Admin, gateway.Credential.Id);

        // A verification proves the stored key itself: a cached token would prove nothing.
        Assert.Equal(before + 2, TokenExchanges());
    }

    [Fact]
    public async Task AProviderErrorMidStreamShouldReachTheAgentWithoutTheProviderKey()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.Anthropic);
        fakes.Anthropic.StreamErrorEchoesKey = true;
        try
        {
            using var http = gateway.RawClient(gateway.AgentKey);
            using var request = new StringContent("""{"model":"team-model","stream":true,"messages":[{"role":"user","content":"Ping?"}]}""", System.Text.Encoding.UTF8, "application/json");

            var body = await (await http.PostAsync("/v1/chat/completions", request)).Content.ReadAsStringAsync();

            Assert.Contains("Overloaded while serving key", body);
            Assert.DoesNotContain(fakes.Anthropic.ValidKey, body);
        }
        finally
        {
            fakes.Anthropic.StreamErrorEchoesKey = false;
        }
    }
}
