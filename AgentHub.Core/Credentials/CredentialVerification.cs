using AgentHub.Core.Activity;
using AgentHub.Core.Health;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Core.Credentials;

/// <summary>
/// Proves credentials with their provider: verifies the stored values, records the result unless
/// the authentication details changed meanwhile, and opens a credential's values for a provider call.
/// </summary>
public sealed class CredentialVerification(
    IDbContextFactory<AgentHubDbContext> factory,
    ProviderCatalog catalog,
    CredentialSupport support,
    SecretProtector protector,
    ProviderVerifier verifier,
    TeamAccess access,
    ActivityLog activity)
{
    private const int DetailMaxLength = 4_000;

    /// <summary>
    /// The stored values of a credential ready for a provider call (model list, probe), with the
    /// version of its authentication details; an error when it is gone or cannot be decrypted.
    /// The values live only in memory for the call.
    /// </summary>
    internal async Task<(VerificationRequest? Request, Guid AuthVersion, OperationError? Error)> OpenForCallAsync(
        Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var teamId = actor.TeamId;
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return (null, default, OperationError.NotFound("The credential"));
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var credential = await db.Credentials.AsNoTracking().FirstOrDefaultAsync(c => c.TeamId == teamId && c.Id == id, cancellationToken);
        if (credential is null)
        {
            return (null, default, OperationError.NotFound("The credential"));
        }

        if (!protector.TryUnprotect(credential.ProtectedSecrets, out var secrets))
        {
            await factory.MarkSecretsUnreadableAsync(activity, credential.Id);
            return (null, default, new OperationError(OperationErrorKind.Conflict, CredentialStatusExtensions.NeedsReentryMessage));
        }

        return (new VerificationRequest(catalog.Get(credential.ProviderId), CredentialSupport.Merge(credential.Settings, secrets)), credential.AuthVersion, null);
    }

    /// <summary>
    /// Calls the provider with the stored values and records the outcome as Verified or Failed.
    /// A credential whose secrets cannot be decrypted becomes Needs re-entry without a call.
    /// </summary>
    public async Task<OperationResult<CredentialSummary>> VerifyAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (await access.CheckAsync(actor, TeamRole.Admin, "The credential", cancellationToken) is { } refused)
        {
            return refused;
        }

        Credential? credential;
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            credential = await db.Credentials.AsNoTracking().FirstOrDefaultAsync(c => c.TeamId == teamId && c.Id == id, cancellationToken);
        }

        if (credential is null)
        {
            return OperationError.NotFound("The credential");
        }

        var schema = catalog.Get(credential.ProviderId);
        if (!protector.TryUnprotect(credential.ProtectedSecrets, out var secrets))
        {
            await RecordAsync(actor, credential, null, cancellationToken);
            return await support.SummaryAsync(teamId, id, cancellationToken);
        }

        // The stored status stays as it was while the provider answers: a crash or a closed page
        // mid-call then leaves the previous state whole (the UI shows its own "Verifying").
        var result = await RunAsync(schema, CredentialSupport.Merge(credential.Settings, secrets), cancellationToken);

        // The provider may take until the timeout: a member removed meanwhile must not write the result.
        if (await access.CheckAsync(actor, TeamRole.Admin, "The credential", cancellationToken) is { } revoked)
        {
            return revoked;
        }

        if (credential.Status == CredentialStatus.Verified && !credential.SecretsUnreadable && result.Outcome.IsInconclusive())
        {
            // Busy, down or out of reach says nothing about the key: a Verified credential stays in service
            // (no Failed, no alert), and the admin is told why nothing changed, if it is still so. Otherwise
            // (a new key, a failure or a delete meanwhile) the answer goes the usual way below.
            if (await LogInconclusiveAsync(actor, credential, result, cancellationToken))
            {
                return new OperationError(OperationErrorKind.Inconclusive, $"{result.Message} '{credential.Name}' stays Verified: this answer says nothing about the key.");
            }
        }

        var recorded = await RecordAsync(actor, credential, result, cancellationToken);
        if (!recorded)
        {
            // The key or another authentication detail was replaced (or the credential deleted) while the
            // provider answered: the result is about values that are no longer stored.
            return new OperationError(OperationErrorKind.Concurrency,
                "The credential's key or settings were changed while this verification ran, so its result was discarded. Re-verify to check the current values.");
        }

        return await support.SummaryAsync(teamId, id, cancellationToken);
    }

    /// <summary>
    /// Calls the provider through <see cref="ProviderVerifier"/> (which bounds the call, classifies
    /// what it throws and masks the secrets); a long detail is cut to what is stored and shown.
    /// </summary>
    internal async Task<VerificationResult> RunAsync(
        ProviderSchema schema, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        var result = await verifier.VerifyAsync(new VerificationRequest(schema, values), cancellationToken);
        return result.Detail is { Length: > DetailMaxLength } detail ? result with { Detail = detail[..DetailMaxLength] + "…" } : result;
    }

    /// <summary>
    /// A scheduled re-check (<c>Health/CredentialHealthChecks</c>): the same call and the same recording
    /// rules as a Re-verify, acted by <paramref name="actorName"/>, with an Activity entry only when the
    /// status changes. Returns the provider's outcome, or null when no call was made (gone, or secrets
    /// that cannot be decrypted: those turn Needs re-entry).
    /// </summary>
    internal async Task<VerificationOutcome?> CheckScheduledAsync(Guid id, string actorName, CancellationToken cancellationToken)
    {
        Credential? credential;
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            credential = await db.Credentials.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        }

        if (credential is null || credential.SecretsUnreadable)
        {
            return null;
        }

        var actor = new Actor(actorName, credential.TeamId);
        if (!protector.TryUnprotect(credential.ProtectedSecrets, out var secrets))
        {
            await RecordAsync(actor, credential, null, cancellationToken, logCheck: false);
            return null;
        }

        var result = await RunAsync(catalog.Get(credential.ProviderId), CredentialSupport.Merge(credential.Settings, secrets), cancellationToken);
        if (Conclusive(result.Outcome, credential.InconclusiveChecks + 1))
        {
            await RecordAsync(actor, credential, result, cancellationToken, logCheck: false);
        }

        return result.Outcome;
    }

    /// <summary>
    /// The Activity entry of a Re-verify whose answer was not recorded (<see cref="VerificationOutcomes.IsInconclusive"/>);
    /// false, and no entry, when the credential is no longer the Verified one with the key that was tested.
    /// </summary>
    private async Task<bool> LogInconclusiveAsync(Actor actor, Credential credential, VerificationResult result, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (!await db.Credentials.AnyAsync(c => c.Id == credential.Id && c.AuthVersion == credential.AuthVersion
                && c.Status == CredentialStatus.Verified && !c.SecretsUnreadable, cancellationToken))
        {
            return false;
        }

        activity.Add(db, actor, ActivityActions.CredentialVerified, ActivityObjects.Credential, credential.Id, credential.Name,
            $"Result: {result.Outcome}; not recorded: it says nothing about the key, which stays Verified");
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Whether a scheduled check's answer is recorded. One that says nothing about the key is not (the
    /// status stays as it was: no Failed, no alert, and the scheduler backs off), unless it is the
    /// <see cref="CredentialHealthChecks.InconclusiveBeforeFailed"/>th in a row and not RateLimited: an
    /// outage that lasts is then said. A rate limit never is: the key may be fine, the provider is only busy.
    /// </summary>
    private static bool Conclusive(VerificationOutcome outcome, int inARow) =>
        !outcome.IsInconclusive() || (outcome != VerificationOutcome.RateLimited && inARow >= CredentialHealthChecks.InconclusiveBeforeFailed);

    /// <summary>
    /// Records a verification result (null: the secrets could not be decrypted) unless the
    /// authentication details changed since <paramref name="seen"/> was read: an Activity entry for the
    /// check (unless <paramref name="logCheck"/> is false) and one when the status changes.
    /// </summary>
    private async Task<bool> RecordAsync(Actor actor, Credential seen, VerificationResult? result, CancellationToken cancellationToken, bool logCheck = true)
    {
        var label = result is null ? CredentialStatus.NeedsReentry.Label() : result.Succeeded ? "Verified" : result.Outcome.ToString();
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var credential = await db.Credentials.FirstOrDefaultAsync(c => c.Id == seen.Id && c.AuthVersion == seen.AuthVersion, cancellationToken);
            var before = credential?.DisplayStatus();
            if (result is null)
            {
                // Needs re-entry is a fact about the secrets, kept apart from the provider's last answer.
                credential?.MarkSecretsUnreadable();
            }
            else
            {
                credential?.RecordVerification(result, support.Now);
            }

            // The change of status first, then the check that found it (listed newest first, the check leads).
            if (credential is not null)
            {
                activity.AddStatusChange(db, actor, credential, before);
            }

            if (logCheck)
            {
                activity.Add(db, actor, ActivityActions.CredentialVerified, ActivityObjects.Credential, seen.Id, seen.Name,
                    credential is not null ? $"Result: {label}" : $"Result: {label}; discarded: the key or settings changed meanwhile");
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return credential is not null;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // Renamed meanwhile (a new Version, the same key): read it again, since the result still holds.
            }
        }
    }

    /// <summary>
    /// Records that the provider refused the stored credential during a gateway call, as a
    /// Re-verify with that answer would: Failed with the result class, unless the key changed meanwhile.
    /// </summary>
    internal Task<bool> RecordRefusalAsync(Actor actor, Credential seen, VerificationResult result, CancellationToken cancellationToken) =>
        RecordAsync(actor, seen, result, cancellationToken);
}
