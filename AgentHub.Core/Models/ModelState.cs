namespace AgentHub.Core.Models;

/// <summary>What is stored about a model connection. Stored by name.</summary>
public enum ModelState
{
    /// <summary>Attached to a credential.</summary>
    Connected,

    /// <summary>Its credential was deleted; Edit can attach it to another one.</summary>
    Invalid,
}

/// <summary>What the Models tab shows: the stored state combined with the credential's status.</summary>
public enum ModelStatus
{
    Connected,

    /// <summary>The credential is gone.</summary>
    Invalid,

    /// <summary>The credential exists but is not Verified right now.</summary>
    Unavailable,
}
