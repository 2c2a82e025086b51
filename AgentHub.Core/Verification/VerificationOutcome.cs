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
