using AgentHub.Core.Activity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AgentHub.Core.Credentials;

/// <summary>
/// Saves edits of a credential: an immutable provider, optimistic concurrency, and "a failed
/// verification of new authentication details changes nothing". Every refusal is an Activity entry
/// (<see cref="CredentialEditRefusals"/>).
/// </summary>
public sealed class CredentialEditor(
    IDbContextFactory<AgentHubDbContext> factory,
    ProviderCatalog catalog,
    CredentialInputValidator validator,
    CredentialSupport support,
    SecretProtector protector,
    CredentialVerification prover,
    TeamAccess access,
    ActivityLog activity,
    CredentialEditRefusals refusals,
    ILogger<CredentialEditor> logger)
{
    /// <summary>
    /// Saves an edit. When an authentication detail changed, the new values are verified first and,
    /// unless the provider accepts them, nothing is stored. An edit that moves an address field
    /// without the stored secrets typed again is refused before any call. A save from a stale copy
    /// (<paramref name="expectedVersion"/> no longer current) is refused. Every refusal of an
    /// existing credential is an Activity entry (fields and reasons, never values).
    /// </summary>
    public async Task<OperationResult<CredentialSummary>> UpdateAsync(
        Actor actor, Guid id, CredentialInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        ArgumentOutOfRangeException.ThrowIfNotEqual(input.IsEdit, true, nameof(input));
        Credential? current;
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            current = await db.Credentials.AsNoTracking().FirstOrDefaultAsync(c => c.TeamId == teamId && c.Id == id, cancellationToken);
        }

        if (await access.CheckAsync(actor, TeamRole.Admin, "The credential", cancellationToken) is { } refused)
        {
            // A non-member learns nothing and leaves no trace in a team that is not theirs.
            return refused.Kind == OperationErrorKind.Forbidden && current is not null
                ? await refusals.RecordAsync(actor, current, null, refused, "Refused: the role can only view")
                : refused;
        }

        if (current is null)
        {
            return OperationError.NotFound("The credential");
        }

        if (current.Version != expectedVersion)
        {
            return await refusals.RecordAsync(actor, current, null, OperationError.ChangedElsewhere("credential"), "Refused: changed by someone else meanwhile");
        }

        var schema = catalog.Get(current.ProviderId);
        if (input.ProviderId != current.ProviderId)
        {
            return await refusals.RecordAsync(actor, current, null, OperationError.Field(nameof(CredentialInput.ProviderId),
                "Provider cannot be changed after creation: create a new credential for the other provider."), "Refused: Provider cannot change");
        }

        var validation = await validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid)
        {
            var error = OperationError.FromValidation(validation);
            return await refusals.RecordAsync(actor, current, null, error, CredentialEditRefusals.Invalid(schema, error));
        }

        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            if (await CredentialSupport.NameTakenAsync(db, teamId, id, input.Name, cancellationToken))
            {
                return await refusals.RecordAsync(actor, current, null, CredentialSupport.DuplicateName(input.Name), "Refused: Name already used");
            }
        }

        var readable = protector.TryUnprotect(current.ProtectedSecrets, out var storedSecrets);
        var edit = new CredentialEdit(schema, new StoredCredential(current.Name, current.Description, current.Settings,
            readable ? storedSecrets.Keys.ToHashSet() : new HashSet<string>()), input);
        if (!readable && edit.MissingReentry() is { } reentry)
        {
            return await refusals.RecordAsync(actor, current, edit, reentry, "Refused: stored secrets need re-entry");
        }

        if (edit.Refusal() is { } moved)
        {
            return await refusals.RecordAsync(actor, current, edit, moved, "Refused: stored secrets not typed again for a new address");
        }

        var secrets = edit.MergeSecrets(readable ? storedSecrets : new Dictionary<string, string>());
        var authChanged = !readable || edit.ChangesAuthentication;
        VerificationResult? verification = null;
        if (authChanged)
        {
            verification = await prover.RunAsync(schema, CredentialSupport.Merge(edit.Settings, secrets), cancellationToken);
            if (!verification.Succeeded)
            {
                return await refusals.RecordAsync(actor, current, edit,
                    new OperationError(OperationErrorKind.VerificationFailed, verification.Message) { Verification = verification },
                    $"Not saved: verification failed: {verification.Outcome}");
            }
        }

        if (verification is not null && await access.CheckAsync(actor, TeamRole.Admin, "The credential", cancellationToken) is { } revoked)
        {
            // Still an admin after the provider answered? Only then is the edit saved.
            return revoked;
        }

        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            var credential = await db.Credentials.FirstOrDefaultAsync(c => c.TeamId == teamId && c.Id == id, cancellationToken);
            if (credential is null)
            {
                return OperationError.NotFound("The credential");
            }

            var changed = edit.ChangedFields;

            // The version read by the admin's form is what the row must still hold at save time.
            db.Entry(credential).Property(c => c.Version).OriginalValue = expectedVersion;
            credential.Edit(input.Name, input.Description, edit.Settings.ToDictionary(), support.Now);
            if (verification is not null)
            {
                var before = credential.DisplayStatus();
                credential.ReplaceSecrets(protector.Protect(secrets), SecretHint.For(schema, secrets));
                credential.RecordVerification(verification, support.Now);
                // A new key that brings a failed credential back is a change of status like any other.
                activity.AddStatusChange(db, actor, credential, before);
            }

            activity.Add(db, actor, ActivityActions.CredentialEdited, ActivityObjects.Credential, credential.Id, credential.Name,
                (changed.Count == 0 ? "No field changed" : "Changed: " + string.Join(", ", changed)) + (verification is null ? "" : "; verified: Verified"));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return await refusals.RecordAsync(actor, current, edit, OperationError.ChangedElsewhere("credential"), "Refused: changed by someone else meanwhile");
            }
            catch (DbUpdateException)
            {
                // Only the unique name index can refuse this row; a concurrent rename took the name.
                db.ChangeTracker.Clear();
                if (await CredentialSupport.NameTakenAsync(db, teamId, id, input.Name, cancellationToken))
                {
                    return await refusals.RecordAsync(actor, current, edit, CredentialSupport.DuplicateName(input.Name), "Refused: Name already used");
                }

                throw;
            }
        }

        logger.LogInformation("Updated credential {CredentialId} (authentication changed: {AuthChanged})", id, authChanged);
        return await support.SummaryAsync(teamId, id, cancellationToken);
    }
}
