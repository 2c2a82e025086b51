using AgentHub.Core.Security;

namespace AgentHub.Core.Credentials;

internal static class CredentialStatusExtensions
{
    public const string NeedsReentryMessage =
        "The stored secret can no longer be decrypted (the encryption key ring changed). Enter it again with Edit.";

    /// <summary>The stored status, unless the key ring can no longer decrypt the secrets: then Needs re-entry.</summary>
    public static CredentialStatus EffectiveStatus(this Credential credential, SecretProtector protector) =>
        credential.Status == CredentialStatus.NeedsReentry || !protector.CanUnprotect(credential.ProtectedSecrets)
            ? CredentialStatus.NeedsReentry
            : credential.Status;
}
