namespace AgentHub.Core.Verification;

/// <summary>
/// The registered client of each provider, found by the credential's schema. Its verification is
/// the unbounded call behind <see cref="ProviderVerifier"/> (the default <see cref="ICredentialVerifier"/>):
/// callers go through the verifier, which bounds it, classifies what it throws and masks secrets.
/// </summary>
public sealed class ProviderClients(IEnumerable<IProviderClient> clients) : ICredentialVerifier
{
    private readonly Dictionary<string, IProviderClient> _clients = clients.ToDictionary(c => c.ProviderId);

    /// <summary>The client of <paramref name="request"/>'s provider; a missing one is a start-up check's failure, not the admin's.</summary>
    public IProviderClient For(VerificationRequest request) =>
        _clients.TryGetValue(request.Schema.Id, out var client)
            ? client
            : throw new InvalidOperationException($"No client is registered for provider '{request.Schema.Id}'.");

    /// <inheritdoc />
    public Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken) =>
        For(request).VerifyAsync(request, cancellationToken);
}
