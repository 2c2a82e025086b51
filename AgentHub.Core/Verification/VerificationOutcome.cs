namespace AgentHub.Core.Verification;

/// <summary>The classes a verification (or a model probe) can end in. Stored by name; never renumber.</summary>
public enum VerificationOutcome
{
    Verified = 0,
    InvalidKey = 1,
    OrganizationMismatch = 2,
    PermissionDenied = 3,
    QuotaExhausted = 4,
    RateLimited = 5,
    EndpointNotFound = 6,
    NotOpenAiCompatible = 7,
    Unreachable = 8,
    TlsError = 9,
    Timeout = 10,
    BlockedAddress = 11,
    ProviderError = 12,
    InvalidServiceAccount = 13,
}

/// <summary>What an outcome says about the values verified.</summary>
public static class VerificationOutcomes
{
    /// <summary>
    /// Whether the answer says nothing about the key: the provider was busy (RateLimited), down
    /// (ProviderError) or out of reach (Unreachable, Timeout). Such an answer alone never takes a
    /// Verified credential out of service (<c>CredentialVerification</c>, <c>CredentialHealthChecks</c>).
    /// </summary>
    public static bool IsInconclusive(this VerificationOutcome outcome) => outcome is
        VerificationOutcome.RateLimited or VerificationOutcome.ProviderError or VerificationOutcome.Unreachable or VerificationOutcome.Timeout;
}
