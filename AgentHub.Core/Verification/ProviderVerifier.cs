namespace AgentHub.Core.Verification;

/// <summary>Routes verification, model lists and probes to the client registered for the credential's provider.</summary>
public sealed class ProviderVerifier(IEnumerable<IProviderClient> clients) : ICredentialVerifier
{
    private readonly Dictionary<string, IProviderClient> _clients = clients.ToDictionary(c => c.ProviderId);

    /// <inheritdoc />
    public Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken) =>
        Client(request).VerifyAsync(request, cancellationToken);

    /// <summary>The provider's model list read with the credential.</summary>
    public Task<ModelListResult> ListModelsAsync(VerificationRequest request, CancellationToken cancellationToken) =>
        Client(request).ListModelsAsync(request, cancellationToken);

    /// <summary>One one-token chat call to <paramref name="modelId"/> through the credential.</summary>
    public Task<ProbeResult> ProbeAsync(VerificationRequest request, string modelId, CancellationToken cancellationToken) =>
        Client(request).ProbeAsync(request, modelId, cancellationToken);

    private IProviderClient Client(VerificationRequest request) =>
        _clients.TryGetValue(request.Schema.Id, out var client)
            ? client
            : throw new InvalidOperationException($"No client is registered for provider '{request.Schema.Id}'.");
}
