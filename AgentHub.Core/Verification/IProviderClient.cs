namespace AgentHub.Core.Verification;

/// <summary>
/// One provider's verification client. <see cref="ProviderVerifier"/> picks the client whose
/// <see cref="ProviderId"/> matches the credential's schema.
/// </summary>
public interface IProviderClient
{
    /// <summary>The catalog id of the provider this client speaks to.</summary>
    string ProviderId { get; }

    /// <summary>Makes the provider's cheapest authenticated call and classifies the answer.</summary>
    Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken);
}
