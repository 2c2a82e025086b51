namespace AgentHub.Tests.Fakes;

/// <summary>What a fake provider is told to answer (providers.md, "Fakes").</summary>
public enum FakeAnswer
{
    /// <summary>The provider's success answer, as long as the request authenticates.</summary>
    Success,
    InvalidKey,
    OrganizationMismatch,
    QuotaExhausted,
    RateLimited,
    PermissionDenied,
    ServerError,

    /// <summary>A login page from something in between (200, text/html).</summary>
    Html,

    /// <summary>No answer until long past any timeout.</summary>
    Slow,

    /// <summary>A 302 to the cloud metadata address.</summary>
    Redirect,

    /// <summary>A 2 MiB JSON body.</summary>
    Oversized,
}
