using AgentHub.Core.Gateway;
using AgentHub.Core.Gateway.Dialects;
using static AgentHub.Tests.Core.Gateway.DialectTestSupport;

namespace AgentHub.Tests.Core.Gateway;

/// <summary>
/// Each dialect's request sent over real HTTPS to its provider's fake (which enforces the provider's wire
/// contract) and the fake's answer read back by the same dialect: plain, streamed and a tool-call round trip.
/// </summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class DialectFakeRoundTripTests : IDisposable
{
    private readonly FakeProviders _fakes;
    private readonly FakeChatSender _sender;

    public DialectFakeRoundTripTests(FakeProviders fakes)
    {
        _fakes = fakes;
        _fakes.ResetAll();
        _sender = new FakeChatSender(fakes);
    }

    public static TheoryData<string> Providers => ProviderTestValues.OwnDialectProviders;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task APlainRequestShouldComeBackAsTheFakesTextWithUsage(string providerId)
    {
        var (dialect, context) = For(providerId, stream: false);

        var result = await CompleteAsync(providerId, dialect, context, Json("""{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello"}],"temperature":0.5}"""));

        Assert.Equal(FakeChat.PlainAnswer, (string?)result["choices"]![0]!["message"]!["content"]);
        Assert.Equal("stop", (string?)result["choices"]![0]!["finish_reason"]);
        Assert.Equal(FakeChat.PromptTokens, (int)result["usage"]!["prompt_tokens"]!);
        Assert.Equal(FakeChat.CompletionTokens, (int)result["usage"]!["completion_tokens"]!);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AStreamedRequestShouldComeBackAsChunksThenUsage(string providerId)
    {
        var (dialect, context) = For(providerId, stream: true);

        var chunks = await StreamAsync(providerId, dialect, context, Json("""{"messages":[{"role":"user","content":"Hello"}],"stream":true}"""));

        Assert.True(chunks.Count(c => Content([c]).Length > 0) > 1, "the text should arrive in several chunks");
        Assert.Equal(FakeChat.PlainAnswer, Content(chunks));
        Assert.Equal("stop", FinishReason(chunks));
        Assert.Equal(FakeChat.CompletionTokens, (int)chunks[^1]["usage"]!["completion_tokens"]!);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AStreamedToolCallShouldComeBackWithItsIdNameAndWholeArguments(string providerId)
    {
        var (dialect, context) = For(providerId, stream: true);

        var chunks = await StreamAsync(providerId, dialect, context, WeatherRequest());

        var call = Assert.Single(ToolCalls(chunks));
        Assert.Equal(FakeChat.ToolName, call.Name);
        Assert.False(string.IsNullOrEmpty(call.Id));
        Assert.True(SameJson(FakeChat.ToolArguments, call.Arguments));
        Assert.Equal("tool_calls", FinishReason(chunks));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AToolCallRoundTripShouldReachTheProviderAndComeBackQuotingTheToolResult(string providerId)
    {
        var (dialect, context) = For(providerId, stream: false);
        var request = WeatherRequest();

        var first = await CompleteAsync(providerId, dialect, context, request);
        var assistant = first["choices"]![0]!["message"]!.DeepClone().AsObject();
        var call = assistant["tool_calls"]![0]!;
        request["messages"]!.AsArray().Add(assistant);
        request["messages"]!.AsArray().Add(new JsonObject { ["role"] = "tool", ["tool_call_id"] = (string?)call["id"], ["content"] = "Sunny, 21 C" });
        var second = await CompleteAsync(providerId, dialect, context, request);

        Assert.Equal("tool_calls", (string?)first["choices"]![0]!["finish_reason"]);
        Assert.Equal(FakeChat.ToolName, (string?)call["function"]!["name"]);
        Assert.Contains("Sunny, 21 C", (string?)second["choices"]![0]!["message"]!["content"]);
        Assert.Equal("stop", (string?)second["choices"]![0]!["finish_reason"]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AToolResultForAnUnknownCallShouldBeRefusedByTheFake(string providerId)
    {
        var (dialect, context) = For(providerId, stream: false);
        var request = Json("""{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},{"role":"tool","tool_call_id":"nobody","content":"x"}]}""");
        request["tools"] = new JsonArray(WeatherTool.DeepClone());
        // Google's calls carry no ids: there the dialect finds no function name, and a nameless response is what Google refuses.
        using var response = await SendAsync(providerId, dialect.ToProvider(request, context));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static JsonObject WeatherRequest()
    {
        var request = Json("""{"messages":[{"role":"user","content":"What is the weather in Paris?"}],"tool_choice":"auto"}""");
        request["tools"] = new JsonArray(WeatherTool.DeepClone());
        return request;
    }

    private (IChatDialect Dialect, ChatDialectContext Context) For(string providerId, bool stream) => providerId switch
    {
        ProviderIds.Anthropic => (new AnthropicDialect(), new ChatDialectContext("claude-sonnet-4-5", "alias", stream)),
        ProviderIds.Gemini => (new GeminiDialect(), new ChatDialectContext("gemini-2.5-flash", "alias", stream)),
        ProviderIds.VertexAi => (new VertexAiDialect(), new ChatDialectContext("gemini-2.5-pro", "alias", stream, $"v1/projects/{_fakes.VertexAi.ProjectId}/locations/us-central1/publishers/google/models/")),
        _ => (new BedrockDialect(), new ChatDialectContext("anthropic.claude-3-haiku-20240307-v1:0", "alias", stream)),
    };

    private async Task<JsonObject> CompleteAsync(string providerId, IChatDialect dialect, ChatDialectContext context, JsonObject request)
    {
        using var response = await SendAsync(providerId, dialect.ToProvider(request, context));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return dialect.FromProvider(JsonNode.Parse(text)!, context);
    }

    private async Task<List<JsonObject>> StreamAsync(string providerId, IChatDialect dialect, ChatDialectContext context, JsonObject request)
    {
        using var response = await SendAsync(providerId, dialect.ToProvider(request, context));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await using var body = await response.Content.ReadAsStreamAsync();
        return await ChunksAsync(dialect, body, context);
    }

    private Task<HttpResponseMessage> SendAsync(string providerId, ProviderChatRequest provider) =>
        _sender.SendAsync(providerId, provider.RelativePath, provider.Body);

    public void Dispose() => _sender.Dispose();
}
