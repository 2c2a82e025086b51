using AgentHub.Core.Gateway.Dialects;
using System.Text.Json;
using OpenAI.Chat;
using OpenAiChat = AgentHub.Tests.Fakes.OpenAiChat;

namespace AgentHub.Tests.Web.Gateway;

/// <summary>
/// The official OpenAI .NET SDK as the agent, through the gateway, against each provider's fake
/// speaking its own API: a plain reply, a streamed reply and a tool-call round trip.
/// </summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class GatewaySdkTests(FakeProviders fakes)
{
    /// <summary>The providers whose API is OpenAI's (pass-through); the others are in GatewayTranslatedSdkTests.</summary>
    public static TheoryData<string> Providers => new(OpenAiCompatibleDialect.Providers);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task APlainReplyShouldComeBackInOpenAisFormatWithTheStoredParametersAsDefaults(string providerId)
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, providerId);

        ChatCompletion completion = await gateway.Sdk().CompleteChatAsync([new SystemChatMessage("Answer briefly."), new UserChatMessage("Ping?")]);

        Assert.Equal(OpenAiChat.Reply, completion.Content[0].Text);
        Assert.Equal(GatewayHarness.Alias, completion.Model);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        var sent = Assert.Single(gateway.Fake.Requests);
        using var body = JsonDocument.Parse(sent.Body);
        Assert.Equal(GatewayHarness.StoredTemperature, body.RootElement.GetProperty("temperature").GetDouble());
        Assert.Equal(["system", "user"], body.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.DoesNotContain(gateway.AgentKey, sent.Body + string.Join(' ', sent.Headers.Values));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AStreamedReplyShouldArriveInChunksEndingWithUsage(string providerId)
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, providerId);
        var text = "";
        var updates = 0;
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;

        await foreach (var update in gateway.Sdk().CompleteChatStreamingAsync(
            [new UserChatMessage("Ping?")], new ChatCompletionOptions { Temperature = 0.9f }))
        {
            updates++;
            text += string.Concat(update.ContentUpdate.Select(p => p.Text));
            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        Assert.Equal(OpenAiChat.Reply, text);
        Assert.True(updates >= 3, $"expected the provider's chunks relayed one by one, got {updates} updates");
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.Equal(9, usage!.TotalTokenCount);
        using var body = JsonDocument.Parse(Assert.Single(gateway.Fake.Requests).Body);
        Assert.True(body.RootElement.GetProperty("stream").GetBoolean());
        // The request's own temperature wins over the model's stored default.
        Assert.Equal(0.9, body.RootElement.GetProperty("temperature").GetDouble(), 3);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AToolCallShouldMakeTheRoundTrip(string providerId)
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, providerId);

        var (call, toolCall, answer) = await gateway.ToolCallRoundTripAsync();

        Assert.Equal(ChatFinishReason.ToolCalls, call.FinishReason);
        Assert.Equal("get_weather", toolCall.FunctionName);
        Assert.Equal("Paris", JsonDocument.Parse(toolCall.FunctionArguments).RootElement.GetProperty("city").GetString());
        Assert.Contains("sunny, 24 C", answer.Content[0].Text);
        using var second = JsonDocument.Parse(gateway.Fake.Requests.Last().Body);
        var roles = second.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()).ToList();
        Assert.Equal(["user", "assistant", "tool"], roles);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AStreamedToolCallShouldArriveByIndex(string providerId)
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, providerId);

        var (name, arguments) = await gateway.StreamedToolCallAsync();

        Assert.Equal("get_weather", name);
        Assert.Equal(OpenAiChat.ToolArguments, arguments);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TheModelListShouldNameTheModelByItsAlias(string providerId)
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, providerId);
        var http = gateway.RawClient();
        var models = new OpenAI.Models.OpenAIModelClient(new System.ClientModel.ApiKeyCredential(gateway.AgentKey), new OpenAI.OpenAIClientOptions
        {
            Endpoint = new Uri(http.BaseAddress!, "/v1"),
            Transport = new System.ClientModel.Primitives.HttpClientPipelineTransport(http),
        });

        var list = (await models.GetModelsAsync()).Value;
        var one = (await models.GetModelAsync(GatewayHarness.Alias)).Value;

        Assert.Equal(GatewayHarness.Alias, Assert.Single(list).Id);
        Assert.Equal((GatewayHarness.Alias, providerId), (one.Id, one.OwnedBy));
        Assert.Empty(gateway.Fake.Requests);
    }
}
