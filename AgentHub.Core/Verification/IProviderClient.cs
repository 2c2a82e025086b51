namespace AgentHub.Core.Verification;

/// <summary>
/// One provider's client. <see cref="ProviderClients"/> picks the client whose
/// <see cref="ProviderId"/> matches the credential's schema. Implementations never throw for a
/// provider or network failure and never put a secret in a message or detail.
/// </summary>
public interface IProviderClient
{
    /// <summary>The catalog id of the provider this client speaks to.</summary>
    string ProviderId { get; }

    /// <summary>Makes the provider's cheapest authenticated call and classifies the answer.</summary>
    Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken);

    /// <summary>Reads the provider's model list (all pages) with the credential.</summary>
    Task<ModelListResult> ListModelsAsync(VerificationRequest request, CancellationToken cancellationToken);

    /// <summary>Sends one short chat request capped at one output token. Costs money: only on an admin's request.</summary>
    Task<ProbeResult> ProbeAsync(VerificationRequest request, string modelId, CancellationToken cancellationToken);
}
