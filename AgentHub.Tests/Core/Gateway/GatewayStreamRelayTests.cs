using System.Text.Json;
using AgentHub.Core.Gateway;
using AgentHub.Core.Usage;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentHub.Tests.Core.Gateway;

/// <summary>
/// A provider's stream that fails after it began, as the relay hands it to the agent: in whose words, with the
/// credential's secrets masked, and which failures are the provider's (a bug of Agent Hub's or the agent leaving is not).
/// </summary>
public sealed class GatewayStreamRelayTests
{
    public static TheoryData<Exception> Unreadable => new()
    {
        new JsonException("'}' is invalid"), new KeyNotFoundException(), new InvalidOperationException(),
        new ArgumentOutOfRangeException("index"), new FormatException(), new InvalidDataException(),
    };

    [Fact]
    public async Task AgentHubsWordsAboutAStreamShouldPassTheRelayAsTheyAre()
    {
        var error = await RelayFailureAsync(new ChatStreamException("The provider's stream ended before message_stop.", reportedByProvider: false));

        Assert.Equal("The provider's stream ended before message_stop.", error.ForAgent);
    }

    [Fact]
    public async Task TheProvidersOwnWordsShouldLeaveWithTheKeyMasked()
    {
        var error = await RelayFailureAsync(new ChatStreamException("Invalid key sk-relay-secret-0001 for this model"), ["sk-relay-secret-0001"]);

        Assert.True(error.ReportedByProvider);
        Assert.StartsWith("The provider reported an error: Invalid key", error.ForAgent);
        Assert.DoesNotContain("sk-relay-secret-0001", error.ForAgent);
    }

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task AnAnswerThatCannotBeReadShouldBeTheProvidersFailureInAgentHubsWords(Exception failure)
    {
        var error = await RelayFailureAsync(failure);

        Assert.False(error.ReportedByProvider);
        Assert.Equal($"The provider's answer could not be read ({failure.GetType().Name}).", error.ForAgent);
    }

    [Fact]
    public async Task ABrokenConnectionShouldBeTheProvidersFailureWithoutItsText()
    {
        var error = await RelayFailureAsync(new IOException("Connection reset by peer 10.0.0.7"));

        Assert.Equal("The provider's answer broke off before it was complete.", error.ForAgent);
    }

    [Fact]
    public async Task NeitherADisposedStreamNorTheAgentLeavingShouldBeCalledTheProviders()
    {
        using var left = new CancellationTokenSource();
        await left.CancelAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => DrainAsync(new ObjectDisposedException("stream"), [], CancellationToken.None));
        await Assert.ThrowsAsync<IOException>(() => DrainAsync(new IOException("The agent's call was aborted."), [], left.Token));
    }

    private static async Task<ChatStreamException> RelayFailureAsync(Exception failure, IReadOnlyList<string>? secrets = null) =>
        await Assert.ThrowsAsync<ChatStreamException>(() => DrainAsync(failure, secrets ?? [], CancellationToken.None));

    /// <summary>Relays a provider stream that sends one chunk and then fails with <paramref name="failure"/>.</summary>
    private static async Task DrainAsync(Exception failure, IReadOnlyList<string> secrets, CancellationToken agentCall)
    {
        var relayed = GatewayStreamRelay.Relay(OneChunkThen(failure), includeUsage: false, secrets, new UsageMeter(TimeProvider.System),
            NullLogger.Instance, ProviderIds.OpenAi, agentCall);
        await foreach (var _ in relayed)
        {
        }
    }

    private static async IAsyncEnumerable<JsonObject> OneChunkThen(Exception failure)
    {
        yield return new JsonObject { ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["content"] = "Po" } }) };
        await Task.Yield();
        throw failure;
    }
}
