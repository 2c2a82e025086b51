using System.Text.Json;
using AgentHub.Core.Persistence;
using AgentHub.Core.Usage;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Tests.Web.Gateway;

/// <summary>
/// A streamed answer reaches the agent as the provider sends it: the gateway writes chunks that
/// arrive together in one go, but never holds one back while it waits for the provider; an agent
/// that leaves mid-stream is recorded as such, not as a failure.
/// </summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class GatewayStreamTests(FakeProviders fakes)
{
    [Fact]
    public async Task TheFirstChunkShouldReachTheAgentWhileTheProviderHoldsBackTheRest()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);
        var (response, reader, rest) = await HeldBackStreamAsync(gateway);
        using var _ = response;
        using var __ = reader;
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

    [Fact]
    public async Task AnAgentThatLeavesMidStreamShouldBeRecordedAs499WithoutAnError()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);
        var rest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gateway.Fake.RestOfAnswer = rest.Task;
        using var leave = new CancellationTokenSource();

        try
        {
            using var request = StreamRequest();
            using var response = await gateway.RawClient(gateway.AgentKey).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, leave.Token);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(leave.Token));
            Assert.StartsWith("data: {", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
            // The agent goes away while the provider is still answering.
            await leave.CancelAsync();
        }
        finally
        {
            rest.TrySetResult();
        }

        var row = await UsageRowAsync(gateway);
        Assert.Equal(499, row.Status);
        Assert.Equal("client_closed", row.ErrorClass);
        Assert.DoesNotContain(gateway.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AProviderThatBreaksOffMidStreamShouldEndTheAgentsStreamWithAProviderErrorAndLogNoError()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);
        var (response, reader, rest) = await HeldBackStreamAsync(gateway);
        using var _ = response;
        using var __ = reader;
        Assert.StartsWith("data: {", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        // The provider's connection breaks after its first chunk (its handler fails, so its server resets the stream).
        rest.SetException(new IOException("The fake provider broke off."));
        var remainder = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));

        // The status line is out: as OpenAI does, the failure comes as an error event, and no [DONE] follows. It is the
        // provider's failure, counted as such, not an error of Agent Hub's (before, it was logged twice, as a 500).
        var error = JsonNode.Parse(remainder.Trim()["data: ".Length..])!["error"]!;
        Assert.Equal("ProviderError", error["code"]!.GetValue<string>());
        Assert.Equal("The provider's answer broke off before it was complete.", error["message"]!.GetValue<string>());
        Assert.DoesNotContain("[DONE]", remainder, StringComparison.Ordinal);
        var row = await UsageRowAsync(gateway);
        Assert.Equal((200, "ProviderError"), (row.Status, row.ErrorClass));
        Assert.DoesNotContain(gateway.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AProviderThatGarblesItsStreamShouldEndTheAgentsStreamWithAProviderErrorAndLogNoError()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);
        // The provider's second event is not JSON.
        gateway.Fake.GarbledStream = true;

        using var request = StreamRequest();
        using var response = await gateway.RawClient(gateway.AgentKey).SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var events = (await response.Content.ReadAsStringAsync().WaitAsync(TimeSpan.FromSeconds(10)))
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        // The first chunk went out as it came; then, as for a stream that breaks off, an error event and no [DONE]. Before, the
        // unreadable chunk was a 500 of Agent Hub's, logged twice, and the agent's stream was cut without a word.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, events.Length);
        Assert.Contains("\"role\":\"assistant\"", events[0]);
        var error = JsonNode.Parse(events[1]["data: ".Length..])!["error"]!;
        Assert.Equal("ProviderError", error["code"]!.GetValue<string>());
        Assert.StartsWith("The provider's answer could not be read (", error["message"]!.GetValue<string>());
        var row = await UsageRowAsync(gateway);
        Assert.Equal((200, "ProviderError"), (row.Status, row.ErrorClass));
        Assert.Contains(gateway.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("could not be read", StringComparison.Ordinal));
        Assert.DoesNotContain(gateway.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
    }

    /// <summary>A streamed call whose provider sends its first chunk, then holds back the rest until the test settles <c>HeldBack</c>.</summary>
    private static async Task<(HttpResponseMessage Response, StreamReader Reader, TaskCompletionSource HeldBack)> HeldBackStreamAsync(GatewayHarness gateway)
    {
        var rest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gateway.Fake.RestOfAnswer = rest.Task;
        using var request = StreamRequest();
        var response = await gateway.RawClient(gateway.AgentKey).SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return (response, new StreamReader(await response.Content.ReadAsStreamAsync()), rest);
    }

    private static HttpRequestMessage StreamRequest() => new(HttpMethod.Post, "/v1/chat/completions")
    {
        Content = new StringContent(
            JsonSerializer.Serialize(new { model = GatewayHarness.Alias, stream = true, messages = new[] { new { role = "user", content = "Ping?" } } }),
            Encoding.UTF8, "application/json"),
    };

    /// <summary>The call's usage row, once the gateway has queued it (after the call ends) and a flush has written it.</summary>
    private static async Task<UsageRecord> UsageRowAsync(GatewayHarness gateway)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            await gateway.App.Services.GetRequiredService<UsageWriter>().FlushAsync();
            await using var db = await gateway.App.Services.GetRequiredService<IDbContextFactory<AgentHubDbContext>>().CreateDbContextAsync();
            if (await db.Set<UsageRecord>().AsNoTracking().SingleOrDefaultAsync() is { } row)
            {
                return row;
            }

            Assert.True(DateTime.UtcNow < deadline, "No usage row was written for the call.");
            await Task.Delay(20);
        }
    }
}
