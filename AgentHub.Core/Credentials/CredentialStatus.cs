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

/// <summary>
/// The one home of the words for each status: the UI's chips, and the sentences Core writes
/// (a model's reason, the gateway's refusal, an Activity entry), read the same word from here.
/// </summary>
public static class CredentialStatusLabels
{
    /// <summary>The words for a status: "Verified", "Needs re-entry"…</summary>
    public static string Label(this CredentialStatus status) => status switch
    {
        CredentialStatus.Verifying => "Verifying",
        CredentialStatus.Verified => "Verified",
        CredentialStatus.Failed => "Failed",
        _ => "Needs re-entry",
    };
}
