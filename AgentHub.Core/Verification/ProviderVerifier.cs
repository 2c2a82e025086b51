namespace AgentHub.Core.Verification;

/// <summary>Routes a verification to the client registered for the credential's provider.</summary>
public sealed class ProviderVerifier(IEnumerable<IProviderClient> clients) : ICredentialVerifier
{
    private readonly Dictionary<string, IProviderClient> _clients = clients.ToDictionary(c => c.ProviderId);

    /// <inheritdoc />
    public Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken) =>
        _clients.TryGetValue(request.Schema.Id, out var client)
            ? client.VerifyAsync(request, cancellationToken)
            : Task.FromResult(new VerificationResult(VerificationOutcome.ProviderError,
                $"This installation of Agent Hub has no verification client for {request.Schema.DisplayName}."));
}
