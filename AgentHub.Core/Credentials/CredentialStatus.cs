namespace AgentHub.Core.Credentials;

/// <summary>Where a credential stands with its provider. Stored by name.</summary>
public enum CredentialStatus
{
    /// <summary>A new credential's first verification is running.</summary>
    Verifying,

    /// <summary>The provider accepted the stored values.</summary>
    Verified,

    /// <summary>The provider refused the stored values; the reason is kept.</summary>
    Failed,

    /// <summary>The stored secret can no longer be decrypted (key ring lost): enter it again.</summary>
    NeedsReentry,
}
