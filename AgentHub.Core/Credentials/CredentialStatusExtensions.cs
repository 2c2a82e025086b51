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

    /// <summary>Who Activity names as the actor when a failed decryption turns a credential Needs re-entry.</summary>
    public const string KeyRingActorName = "Agent Hub (key ring)";

    /// <summary>
    /// Records that a credential's secrets just failed to decrypt, with its change of status in Activity,
    /// once (the instance or request that marks it first writes the entry, in the same transaction).
    /// </summary>
    public static async Task MarkSecretsUnreadableAsync(this IDbContextFactory<AgentHubDbContext> factory, ActivityLog activity, Guid credentialId)
    {
        // Not cancellable: the failed decryption is a fact worth keeping whatever the caller does next.
        await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        if (await db.Credentials.Where(c => c.Id == credentialId && !c.SecretsUnreadable)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.SecretsUnreadable, true), CancellationToken.None) == 0)
        {
            return;
        }

        // Read after the update (which holds the row): the status it had is the stored one, the secrets being readable until now.
        var credential = await db.Credentials.AsNoTracking().FirstAsync(c => c.Id == credentialId, CancellationToken.None);
        activity.AddStatusChange(db, new Actor(KeyRingActorName, credential.TeamId), credential, credential.Status);
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <summary>Adds the Activity entry of <paramref name="credential"/>'s change of status since <paramref name="before"/>, if it changed.</summary>
    public static void AddStatusChange(this ActivityLog activity, AgentHubDbContext db, Actor actor, Credential credential, CredentialStatus? before)
    {
        if (credential.StatusChangeSince(before) is { } change)
        {
            activity.Add(db, actor, ActivityActions.CredentialStatusChanged, ActivityObjects.Credential, credential.Id, credential.Name, change);
        }
    }

    /// <summary>
    /// The Activity detail of a change of status since <paramref name="before"/> ("Verified → Failed: Anthropic rejected the key"),
    /// or null when the status stayed or a new credential got its first answer (its "Credential verified" entry says it).
    /// </summary>
    private static string? StatusChangeSince(this Credential credential, CredentialStatus? before)
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
