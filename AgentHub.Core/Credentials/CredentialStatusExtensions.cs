using AgentHub.Core.Activity;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Core.Credentials;

/// <summary>The one home of "Needs re-entry": a recorded fact about the secrets, read without decrypting.</summary>
internal static class CredentialStatusExtensions
{
    public const string NeedsReentryMessage =
        "The stored secret can no longer be decrypted (the encryption key ring changed). Enter it again with Edit.";

    /// <summary>The status to show: Needs re-entry while the secrets cannot be decrypted, else the stored one.</summary>
    public static CredentialStatus DisplayStatus(this Credential credential) =>
        credential.SecretsUnreadable ? CredentialStatus.NeedsReentry : credential.Status;

    /// <summary>Records that a credential's secrets just failed to decrypt.</summary>
    public static async Task MarkSecretsUnreadableAsync(this IDbContextFactory<AgentHubDbContext> factory, Guid credentialId)
    {
        // Not cancellable: the failed decryption is a fact worth keeping whatever the caller does next.
        await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
        await db.Credentials.Where(c => c.Id == credentialId && !c.SecretsUnreadable)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SecretsUnreadable, true), CancellationToken.None);
    }

    /// <summary>
    /// The Activity detail of a change of status since <paramref name="before"/> ("Verified → Failed: Anthropic rejected the key"),
    /// or null when the status stayed or a new credential got its first answer (its "Credential verified" entry says it).
    /// </summary>
    public static string? StatusChangeSince(this Credential credential, CredentialStatus? before)
    {
        var after = credential.DisplayStatus();
        if (before is not { } was || was == after || was == CredentialStatus.Verifying)
        {
            return null;
        }

        var why = after == CredentialStatus.NeedsReentry ? NeedsReentryMessage : credential.StatusMessage;
        var detail = $"{was.Label()} → {after.Label()}" + (after == CredentialStatus.Verified || why is null ? "" : $": {why}");
        return detail.Length > ActivityEntry.DetailsMaxLength ? detail[..(ActivityEntry.DetailsMaxLength - 1)] + "…" : detail;
    }
}
