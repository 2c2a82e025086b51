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
    // Either fixed instances, or the app's registrations made on demand (no closure: a gateway call makes several of these).
    private readonly Dictionary<string, IProviderClient>? _fixed;
    private readonly IServiceProvider? _services;
    private readonly ProviderClientTypes? _types;

    /// <summary>Over fixed client instances.</summary>
    public ProviderClients(IEnumerable<IProviderClient> clients) => _fixed = clients.ToDictionary(c => c.ProviderId);

    /// <summary>Over the app's registrations (<paramref name="services"/> of the caller's scope).</summary>
    public ProviderClients(IServiceProvider services, ProviderClientTypes types) => (_services, _types) = (services, types);

    /// <summary>The client of <paramref name="request"/>'s provider; a missing one is a start-up check's failure, not the admin's.</summary>
    public IProviderClient For(VerificationRequest request) => For(request.Schema.Id);

    /// <summary>The client of the provider <paramref name="providerId"/>.</summary>
    public IProviderClient For(string providerId) =>
        (_fixed is not null ? _fixed.GetValueOrDefault(providerId) : _types!.Create(_services!, providerId)) ?? throw new InvalidOperationException($"No client is registered for provider '{providerId}'.");

    /// <inheritdoc />
    public Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken) =>
        For(request).VerifyAsync(request, cancellationToken);
}
