using AgentHub.Core.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AgentHub.Tests.Core.Verification;

/// <summary>
/// ProviderVerifier is the one layer that bounds a provider operation, turns what a client throws
/// into a result class and masks the credential's secrets in what leaves, whatever the client does.
/// </summary>
public sealed class VerifierLayerTests
{
    private const string Key = "sk-layer-secret-0000000000009876";

    [Fact]
    public async Task AClientThatNeverAnswersShouldTimeOutAtTheConfiguredBound()
    {
        var verifier = Verifier(new ScriptedClient((_, _) => new TaskCompletionSource<VerificationResult>().Task), TimeSpan.FromMilliseconds(300));

        var result = await verifier.VerifyAsync(Request(), CancellationToken.None);

        Assert.Equal(VerificationOutcome.Timeout, result.Outcome);
        Assert.Equal("No answer within 0.3 s.", result.Detail);
    }

    [Fact]
    public async Task ANetworkFailureThrownByAClientShouldBeClassifiedWithTheSecretMasked()
    {
        var verifier = Verifier(new ScriptedClient((_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, $"Connection refused for {Key}")));

        var result = await verifier.VerifyAsync(Request(), CancellationToken.None);

        Assert.Equal(VerificationOutcome.Unreachable, result.Outcome);
        Assert.DoesNotContain(Key, result.Detail);
        Assert.Contains(Redactor.Mask, result.Detail);
    }

    [Fact]
    public async Task AResultThatEchoesTheKeyShouldLeaveTheVerifierMasked()
    {
        var verifier = Verifier(new ScriptedClient((_, _) => Task.FromResult(new VerificationResult(VerificationOutcome.InvalidKey, $"Key {Key} refused", $"HTTP 401: {Key}"))));

        var verified = await verifier.VerifyAsync(Request(), CancellationToken.None);
        var listed = await verifier.ListModelsAsync(Request(), CancellationToken.None);
        var probed = await verifier.ProbeAsync(Request(), "gpt-4o", CancellationToken.None);

        Assert.All([verified, listed.Result, probed.Result], r => Assert.DoesNotContain(Key, r.Message + r.Detail));
        Assert.DoesNotContain(Key, probed.Reply);
    }

    private static ProviderVerifier Verifier(IProviderClient client, TimeSpan? timeout = null)
    {
        var options = new AgentHubOptions();
        options.Verification.Timeout = timeout ?? TimeSpan.FromSeconds(10);
        var clients = new ProviderClients([client]);
        return new ProviderVerifier(clients, clients, new FixedOptions(options), NullLogger<ProviderVerifier>.Instance);
    }

    private static VerificationRequest Request() =>
        new(ProviderTestValues.Catalog.Get(ProviderIds.OpenAi), new Dictionary<string, string> { [FieldKeys.ApiKey] = Key });

    /// <summary>A client whose every operation does what the test says (a client double, not a provider).</summary>
    private sealed class ScriptedClient(Func<VerificationRequest, CancellationToken, Task<VerificationResult>> verify) : IProviderClient
    {
        public string ProviderId => ProviderIds.OpenAi;

        public Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken) => verify(request, cancellationToken);

        public async Task<ModelListResult> ListModelsAsync(VerificationRequest request, CancellationToken cancellationToken) =>
            new(await verify(request, cancellationToken), []);

        public async Task<ProbeResult> ProbeAsync(VerificationRequest request, string modelId, CancellationToken cancellationToken) =>
            new(await verify(request, cancellationToken), $"echo {request.Value(FieldKeys.ApiKey)}", TimeSpan.FromMilliseconds(1));
    }

    private sealed class FixedOptions(AgentHubOptions value) : IOptionsMonitor<AgentHubOptions>
    {
        public AgentHubOptions CurrentValue => value;

        public AgentHubOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<AgentHubOptions, string?> listener) => null;
    }
}
