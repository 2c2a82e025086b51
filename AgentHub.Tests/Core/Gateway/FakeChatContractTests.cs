using static AgentHub.Tests.Core.Gateway.DialectTestSupport;

namespace AgentHub.Tests.Core.Gateway;

/// <summary>The fakes' chat endpoints refuse what the real APIs refuse, in each provider's own error format.</summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class FakeChatContractTests : IDisposable
{
    private const string Anthropic = "messages";
    private const string Gemini = "models/gemini-2.5-flash:generateContent";
    private const string Bedrock = "model/anthropic.claude-3-haiku-20240307-v1%3A0/converse";
    private readonly FakeChatSender _sender;

    public FakeChatContractTests(FakeProviders fakes)
    {
        fakes.ResetAll();
        _sender = new FakeChatSender(fakes);
    }

    [Theory]
    [InlineData(Anthropic, """{"model":"m","messages":[{"role":"user","content":"Hi"}]}""", "max_tokens: Field required")]
    [InlineData(Anthropic, """{"max_tokens":5,"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]}""", "Input should be 'user' or 'assistant'")]
    [InlineData(Anthropic, """{"max_tokens":5,"messages":[{"role":"assistant","content":"Hi"}]}""", "first message must use the \"user\" role")]
    [InlineData(Anthropic, """{"max_tokens":5,"messages":[{"role":"user","content":"Hi"},{"role":"user","content":"Again"}]}""", "roles must alternate")]
    [InlineData(Anthropic, """{"max_tokens":5,"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{}}]},{"role":"user","content":"Go on"}]}""", "without `tool_result` blocks")]
    public async Task AnthropicShouldRefuseWhatTheMessagesApiRefuses(string path, string body, string expected)
    {
        var answer = await RefusedAsync(ProviderIds.Anthropic, path, body);

        Assert.Equal("invalid_request_error", (string?)answer["error"]!["type"]);
        Assert.Contains(expected, (string?)answer["error"]!["message"]);
    }

    [Theory]
    [InlineData(ProviderIds.Gemini, Gemini, """{"contents":[{"role":"assistant","parts":[{"text":"Hi"}]}]}""", "valid role")]
    [InlineData(ProviderIds.Gemini, Gemini, """{"contents":[{"role":"user","parts":[{"functionResponse":{"response":{}}}]}]}""", "function_response.name: Name cannot be empty")]
    [InlineData(ProviderIds.Gemini, "models/gemini-2.5-flash:streamGenerateContent", """{"contents":[{"role":"user","parts":[{"text":"Hi"}]}]}""", "alt=sse")]
    [InlineData(ProviderIds.VertexAi, "v1/projects/fake-project/locations/us-central1/publishers/google/models/gemini-2.5-pro:generateContent", """{"contents":[{"role":"system","parts":[{"text":"Hi"}]}]}""", "valid role")]
    public async Task GoogleShouldRefuseWhatGenerateContentRefuses(string providerId, string path, string body, string expected)
    {
        var answer = await RefusedAsync(providerId, path, body);

        Assert.Equal("INVALID_ARGUMENT", (string?)answer["error"]!["status"]);
        Assert.Contains(expected, (string?)answer["error"]!["message"]);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"assistant","content":[{"text":"Hi"}]}]}""", "must start with a user message")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":" "}]}]}""", "is blank")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"Hi"}]},{"role":"assistant","content":[{"toolUse":{"toolUseId":"t1","name":"f","input":{}}}]},{"role":"user","content":[{"toolResult":{"toolUseId":"t1","content":[{"text":"x"}]}}]}]}""", "toolConfig field must be defined")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"Hi"}]},{"role":"assistant","content":[{"toolUse":{"toolUseId":"t1","name":"f","input":{}}}]},{"role":"user","content":[{"toolResult":{"toolUseId":"t2","content":[{"text":"x"}]}}]}],"toolConfig":{"tools":[]}}""", "do not match the toolUse blocks")]
    public async Task BedrockShouldRefuseWhatConverseRefuses(string body, string expected)
    {
        using var response = await _sender.SendAsync(ProviderIds.Bedrock, Bedrock, Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("ValidationException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Contains(expected, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]);
    }

    private async Task<JsonNode> RefusedAsync(string providerId, string path, string body)
    {
        using var response = await _sender.SendAsync(providerId, path, Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public void Dispose() => _sender.Dispose();
}
