namespace AgentHub.Core.Verification;

/// <summary>
/// The registered client of each provider, found by the credential's schema. Its verification is
/// the unbounded call behind <see cref="ProviderVerifier"/> (the default <see cref="ICredentialVerifier"/>):
/// callers go through the verifier, which bounds it, classifies what it throws and masks secrets.
/// Over the app's registrations only the client of the provider asked for is made: each is a typed
/// HttpClient, and making all eight for every gateway call was most of what a call allocated.
/// </summary>
public sealed class ProviderClients : ICredentialVerifier
{
    private readonly Func<string, IProviderClient?> _find;

    /// <summary>Over fixed client instances.</summary>
    public ProviderClients(IEnumerable<IProviderClient> clients)
    {
        var byProvider = clients.ToDictionary(c => c.ProviderId);
        _find = byProvider.GetValueOrDefault;
    }

    /// <summary>Over the app's registrations (<paramref name="services"/> of the caller's scope).</summary>
    public ProviderClients(IServiceProvider services, ProviderClientTypes types) =>
        _find = providerId => types.Create(services, providerId);

    /// <summary>The client of <paramref name="request"/>'s provider; a missing one is a start-up check's failure, not the admin's.</summary>
    public IProviderClient For(VerificationRequest request) => For(request.Schema.Id);

    /// <summary>The client of the provider <paramref name="providerId"/>.</summary>
    public IProviderClient For(string providerId) =>
        _find(providerId) ?? throw new InvalidOperationException($"No client is registered for provider '{providerId}'.");

    /// <inheritdoc />
    public Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken) =>
        For(request).VerifyAsync(request, cancellationToken);
}
