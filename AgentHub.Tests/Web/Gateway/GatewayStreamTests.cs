using System.Text.Json;

namespace AgentHub.Tests.Web.Gateway;

/// <summary>
/// A streamed answer reaches the agent as the provider sends it: the gateway writes chunks that
/// arrive together in one go, but never holds one back while it waits for the provider.
/// </summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class GatewayStreamTests(FakeProviders fakes)
{
    [Fact]
    public async Task TheFirstChunkShouldReachTheAgentWhileTheProviderHoldsBackTheRest()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);
        var rest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gateway.Fake.RestOfStream = rest.Task;
        var body = JsonSerializer.Serialize(new { model = GatewayHarness.Alias, stream = true, messages = new[] { new { role = "user", content = "Ping?" } } });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };

        using var response = await gateway.RawClient(gateway.AgentKey).SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? first;
        try
        {
            first = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            rest.TrySetResult();
        }

        var remaining = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("data: {", first);
        Assert.Contains("\"role\":\"assistant\"", first);
        Assert.EndsWith("data: [DONE]", remaining.TrimEnd());
    }
}
