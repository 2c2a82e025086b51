using System.Text.Json;

namespace AgentHub.Tests.Web.Gateway;

/// <summary>What the agent gets when the provider refuses, limits, times out or sends an answer that breaks off or cannot be read.</summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class GatewayProviderFailureTests(FakeProviders fakes)
{
    [Fact]
    public async Task AProviderRefusingTheStoredKeyShouldGet502AndFailTheCredential()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);
        var storedKey = gateway.Fake.ValidKey;
        gateway.Fake.ValidKey = "sk-rotated-at-the-provider";

        var response = await gateway.RawClient(gateway.AgentKey).PostAsync("/v1/chat/completions", GatewayCalls.Chat());
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("InvalidKey", JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").GetString());
        // The fake quotes the key it was sent, as OpenAI does: it must not reach the agent.
        Assert.DoesNotContain(storedKey, body);
        using var scope = gateway.App.Services.CreateScope();
        var credential = await scope.ServiceProvider.GetRequiredService<CredentialReader>().GetSummaryAsync(gateway.Admin, gateway.Credential.Id);
        Assert.Equal(CredentialStatus.Failed, credential!.Status);
        var entry = (await scope.ServiceProvider.GetRequiredService<AgentHub.Core.Activity.ActivityLog>().ListAsync(gateway.Admin))[0];
        Assert.Equal(("Credential verified", "Agent key 'Agent'", "Result: InvalidKey"), (entry.Action, entry.User, entry.Details));
    }

    [Fact]
    public async Task AProviderRateLimitShouldGet429WithRetryAfterPassedOn()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);
        gateway.Fake.Answer = FakeAnswer.RateLimited;

        var result = await GatewayCalls.PostAsync(gateway.RawClient(gateway.AgentKey));

        Assert.Equal((HttpStatusCode.TooManyRequests, "RateLimited"), (result.Status, result.Code));
        Assert.Equal(TimeSpan.FromSeconds(7), result.Response.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public async Task AProviderTimeoutShouldGet504()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi, new Dictionary<string, string?> { ["AgentHub:Gateway:Timeout"] = "00:00:01" });
        gateway.Fake.SlowDelay = TimeSpan.FromSeconds(20);
        gateway.Fake.Answer = FakeAnswer.Slow;

        var result = await GatewayCalls.PostAsync(gateway.RawClient(gateway.AgentKey));

        Assert.Equal((HttpStatusCode.GatewayTimeout, "Timeout"), (result.Status, result.Code));
    }

    [Fact]
    public async Task AProviderWhoseAnswerBreaksOffShouldGet502ProviderErrorAndLogNoError()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);
        // The provider sends half its answer, then its connection breaks (its handler fails, so its server resets the stream).
        gateway.Fake.RestOfAnswer = Task.FromException(new IOException("The fake provider broke off."));

        var result = await GatewayCalls.PostAsync(gateway.RawClient(gateway.AgentKey));

        // The provider's failure, as when its stream breaks off, not a 500 of Agent Hub's (before, it was one, logged as an error).
        // The client's own exception text (the reset HTTP/2 stream) is not passed on.
        Assert.Equal((HttpStatusCode.BadGateway, "ProviderError"), (result.Status, result.Code));
        Assert.EndsWith("Provider answer: The provider's answer broke off before it was complete.", result.Message);
        Assert.DoesNotContain("HTTP/2", result.Message);
        Assert.DoesNotContain(gateway.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AProviderWhoseAnswerIsNotJsonShouldGet502ProviderErrorAndAWarning()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);
        // A reply whose content closes its string early: the body is not JSON.
        var openAi = (FakeOpenAi)gateway.Fake;
        openAi.RawReply = _ => "\"";
        (HttpStatusCode Status, string Code, string Message, HttpResponseMessage Response) result;
        try
        {
            result = await GatewayCalls.PostAsync(gateway.RawClient(gateway.AgentKey));
        }
        finally
        {
            openAi.RawReply = null;
        }

        Assert.Equal((HttpStatusCode.BadGateway, "ProviderError"), (result.Status, result.Code));
        Assert.Contains("The provider's answer could not be read (", result.Message);
        // Logged, so that a dialect's own bug would not pass unseen as the provider's failure; not as an error of Agent Hub's.
        Assert.Contains(gateway.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("could not be read", StringComparison.Ordinal));
        Assert.DoesNotContain(gateway.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AProviderThatStopsMidAnswerShouldGet504WithinTheTimeout()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi, new Dictionary<string, string?> { ["AgentHub:Gateway:Timeout"] = "00:00:01" });
        // Half the answer, then nothing: the timeout also bounds reading the body, not only waiting for its headers.
        var never = new TaskCompletionSource();
        gateway.Fake.RestOfAnswer = never.Task;

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await GatewayCalls.PostAsync(gateway.RawClient(gateway.AgentKey));

        Assert.Equal((HttpStatusCode.GatewayTimeout, "Timeout"), (result.Status, result.Code));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"Took {watch.Elapsed}");
        never.TrySetResult();
    }
}
