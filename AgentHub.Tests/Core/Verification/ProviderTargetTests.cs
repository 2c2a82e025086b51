using AgentHub.Core.Verification.Clients;

namespace AgentHub.Tests.Core.Verification;

/// <summary>How each provider's client opens the target the gateway calls (an address and headers, or a call first).</summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class ProviderTargetTests : IDisposable
{
    private readonly FakeProviders _fakes;
    private readonly ServiceProvider _services;

    public ProviderTargetTests(FakeProviders fakes)
    {
        _fakes = fakes;
        _fakes.ResetAll();
        _services = fakes.BuildServices();
    }

    [Theory]
    [MemberData(nameof(ProviderTestValues.EveryProvider), MemberType = typeof(ProviderTestValues))]
    public async Task AGatewayTargetShouldBeReadyAtOnceUnlessItsClientSaysOpeningItIsACall(string providerId)
    {
        var client = (ProviderClient)_services.GetRequiredService<ProviderClients>().For(providerId);

        var opening = client.OpenTargetAsync(_fakes.Credential(_services, providerId), CancellationToken.None);
        var atOnce = opening.IsCompleted;
        var (target, failure) = await opening;
        using var opened = target;

        Assert.Null(failure);
        Assert.NotNull(target);
        // The verifier opens such a target without its bound (no timer per gateway call): a client that calls must say so.
        Assert.True(client.TargetNeedsACall || atOnce, $"{providerId}'s target is not ready at once: override {nameof(ProviderClient.TargetNeedsACall)}.");
    }

    public void Dispose() => _fakes.ResetAll();
}
