using AgentHub.Core.Activity;
using AgentHub.Core.Persistence;
using AgentHub.Core.Providers;
using AgentHub.Core.Security;
using AgentHub.Core.Teams;
using AgentHub.Core.Verification;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentHub.Core.Credentials;

/// <summary>
/// Creates, edits, verifies and deletes a team's credentials, enforcing the product rules:
/// the team limit, unique names, an immutable provider, optimistic concurrency, and "a failed
/// verification of new authentication details changes nothing".
/// </summary>
public sealed class CredentialService(
    IDbContextFactory<AgentHubDbContext> factory,
    ProviderCatalog catalog,
    CredentialInputValidator validator,
    SecretProtector protector,
    ICredentialVerifier verifier,
    TeamAccess access,
    ActivityLog activity,
    IOptionsMonitor<AgentHubOptions> options,
    TimeProvider time,
    ILogger<CredentialService> logger)
{
    private const int DetailMaxLength = 4_000;
    private const string InterruptedMessage = "The verification was interrupted before the provider answered. Use Re-verify.";

    /// <summary>The team's credentials, by name, each with the number of models using it.</summary>
    public async Task<IReadOnlyList<CredentialSummary>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return [];
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Credentials.AsNoTracking()
            .Where(c => c.TeamId == teamId)
            .Select(c => new { Credential = c, ModelCount = db.ModelConnections.Count(m => m.CredentialId == c.Id) })
            .ToListAsync(cancellationToken);
        return rows
            .Select(r => Summarize(r.Credential, r.ModelCount))
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>How many credentials the team holds, against <c>AgentHub:Limits:CredentialsPerTeam</c>.</summary>
    public async Task<CredentialQuota> GetQuotaAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return new CredentialQuota(0, Limit);
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return new(await db.Credentials.CountAsync(c => c.TeamId == teamId, cancellationToken), Limit);
    }

    /// <summary>One credential for the edit form (settings in clear, secrets only as "stored"), or null.</summary>
    public async Task<CredentialDetails?> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return null;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var credential = await db.Credentials.AsNoTracking().FirstOrDefaultAsync(c => c.TeamId == teamId && c.Id == id, cancellationToken);
        if (credential is null)
        {
            return null;
        }

        // The edit form needs the names of the stored secret fields: the one decryption of this read.
        var readable = protector.TryUnprotect(credential.ProtectedSecrets, out var secrets);
        if (!readable)
        {
            await factory.MarkSecretsUnreadableAsync(credential.Id);
        }

        return new(credential.Id, credential.Name, credential.Description, credential.ProviderId, credential.Settings,
            readable ? secrets.Keys.ToHashSet() : [], credential.SecretHint,
            readable ? credential.Status : CredentialStatus.NeedsReentry, credential.Version);
    }

    /// <summary>The model IDs connected through this credential, for the delete confirmation.</summary>
    public async Task<IReadOnlyList<string>> ListModelsUsingAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return [];
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.ModelConnections.AsNoTracking()
            .Where(m => m.TeamId == teamId && m.CredentialId == id)
            .OrderBy(m => m.ModelId)
            .Select(m => m.ModelId)
            .ToListAsync(cancellationToken);
    }

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
            await factory.MarkSecretsUnreadableAsync(credential.Id);
            return (null, default, new OperationError(OperationErrorKind.Conflict, CredentialStatusExtensions.NeedsReentryMessage));
        }

        return (new VerificationRequest(catalog.Get(credential.ProviderId), Merge(credential.Settings, secrets)), credential.AuthVersion, null);
    }

    /// <summary>
    /// Validates and stores a new credential with status Verifying. Call <see cref="VerifyAsync"/>
    /// next; the two are separate so the UI can show the stored row while the provider answers.
    /// </summary>
    public async Task<OperationResult<CredentialSummary>> CreateAsync(Actor actor, CredentialInput input, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (await access.CheckAsync(actor, TeamRole.Admin, "The team", cancellationToken) is { } refused)
        {
            return refused;
        }

        ArgumentOutOfRangeException.ThrowIfNotEqual(input.IsEdit, false, nameof(input));
        var validation = await validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid)
        {
            return OperationError.FromValidation(validation);
        }

        var schema = catalog.Get(input.ProviderId);
        var (settings, secrets) = CredentialEdit.Split(schema, input);
        var now = Now;

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Serialise creates per team: this write holds the team row's lock until commit, so the
        // count below cannot be raced past the limit, on SQLite or on a server database.
        var teamFound = await db.Teams.Where(t => t.Id == teamId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Revision, t => t.Revision + 1), cancellationToken);
        if (teamFound == 0)
        {
            return OperationError.NotFound("The team");
        }

        var count = await db.Credentials.CountAsync(c => c.TeamId == teamId, cancellationToken);
        if (count >= Limit)
        {
            return new OperationError(OperationErrorKind.LimitReached,
                $"This team already has {count} of {Limit} credentials. Delete one you no longer use before creating another.");
        }

        var normalizedName = Credential.Normalize(input.Name);
        if (await db.Credentials.AnyAsync(c => c.TeamId == teamId && c.NormalizedName == normalizedName, cancellationToken))
        {
            return DuplicateName(input.Name);
        }

        var credential = new Credential
        {
            TeamId = teamId,
            Name = DisplayNames.Normalize(input.Name),
            NormalizedName = normalizedName,
            Description = Blank(input.Description),
            ProviderId = schema.Id,
            Settings = settings,
            ProtectedSecrets = protector.Protect(secrets),
            SecretHint = SecretHint.For(schema, secrets),
            Status = CredentialStatus.Verifying,
            StatusMessage = $"Verifying with {schema.DisplayName}…",
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Credentials.Add(credential);
        activity.Add(db, actor, "Credential created", "Credential", credential.Id, credential.Name, $"Provider {schema.DisplayName}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        logger.LogInformation("Created credential {CredentialId} for provider {ProviderId}", credential.Id, schema.Id);
        return OperationResult<CredentialSummary>.Ok(Summarize(credential, modelCount: 0));
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
            await RecordStatusAsync(actor, credential, CredentialStatus.NeedsReentry, null, CredentialStatusExtensions.NeedsReentryMessage, null, cancellationToken);
            return await SummaryAfterVerificationAsync(teamId, id, cancellationToken);
        }

        // The stored status stays as it was while the provider answers: a crash or a closed page
        // mid-call then leaves the previous state whole (the UI shows its own "Verifying").
        var result = await RunVerificationAsync(schema, Merge(credential.Settings, secrets), cancellationToken);

        // The provider may take until the timeout: a member removed meanwhile must not write the result.
        if (await access.CheckAsync(actor, TeamRole.Admin, "The credential", cancellationToken) is { } revoked)
        {
            return revoked;
        }
        var recorded = await RecordStatusAsync(actor, credential,
            result.Succeeded ? CredentialStatus.Verified : CredentialStatus.Failed,
            result.Succeeded ? null : result.Outcome, result.Message, result.Detail, cancellationToken);
        if (!recorded)
        {
            // The key or another authentication detail was replaced (or the credential deleted) while the
            // provider answered: the result is about values that are no longer stored.
            return new OperationError(OperationErrorKind.Concurrency,
                "The credential's key or settings were changed while this verification ran, so its result was discarded. Re-verify to check the current values.");
        }

        return await SummaryAfterVerificationAsync(teamId, id, cancellationToken);
    }

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
                ? await RefuseEditAsync(actor, current, null, refused, "Refused: the role can only view")
                : refused;
        }

        if (current is null)
        {
            return OperationError.NotFound("The credential");
        }

        if (current.Version != expectedVersion)
        {
            return await RefuseEditAsync(actor, current, null, OperationError.ChangedElsewhere("credential"), "Refused: changed by someone else meanwhile");
        }

        var schema = catalog.Get(current.ProviderId);
        if (input.ProviderId != current.ProviderId)
        {
            return await RefuseEditAsync(actor, current, null, OperationError.Field(nameof(CredentialInput.ProviderId),
                "Provider cannot be changed after creation: create a new credential for the other provider."), "Refused: Provider cannot change");
        }

        var validation = await validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid)
        {
            var error = OperationError.FromValidation(validation);
            return await RefuseEditAsync(actor, current, null, error, "Refused: invalid " + string.Join(", ", error.FieldErrors.Keys.Select(k => Label(schema, k))));
        }

        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            if (await NameTakenAsync(db, teamId, id, input.Name, cancellationToken))
            {
                return await RefuseEditAsync(actor, current, null, DuplicateName(input.Name), "Refused: Name already used");
            }
        }

        var readable = protector.TryUnprotect(current.ProtectedSecrets, out var storedSecrets);
        var edit = new CredentialEdit(schema, new StoredCredential(current.Name, current.Description, current.Settings,
            readable ? storedSecrets.Keys.ToHashSet() : new HashSet<string>()), input);
        if (!readable && MissingReentry(schema, edit.TypedSecrets) is { } reentry)
        {
            return await RefuseEditAsync(actor, current, edit, reentry, "Refused: stored secrets need re-entry");
        }

        if (edit.Refusal() is { } moved)
        {
            return await RefuseEditAsync(actor, current, edit, moved, "Refused: stored secrets not typed again for a new address");
        }

        var secrets = edit.MergeSecrets(readable ? storedSecrets : new Dictionary<string, string>());
        var authChanged = !readable || edit.ChangesAuthentication;
        VerificationResult? verification = null;
        if (authChanged)
        {
            verification = await RunVerificationAsync(schema, Merge(edit.Settings, secrets), cancellationToken);
            if (!verification.Succeeded)
            {
                return await RefuseEditAsync(actor, current, edit,
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
            credential.Name = DisplayNames.Normalize(input.Name);
            credential.NormalizedName = Credential.Normalize(input.Name);
            credential.Description = Blank(input.Description);
            credential.Settings = edit.Settings.ToDictionary();
            credential.UpdatedAt = Now;
            credential.Version = Guid.NewGuid();
            if (verification is not null)
            {
                credential.AuthVersion = Guid.NewGuid();
                credential.ProtectedSecrets = protector.Protect(secrets);
                credential.SecretsUnreadable = false;
                credential.SecretHint = SecretHint.For(schema, secrets);
                credential.Status = CredentialStatus.Verified;
                credential.FailureOutcome = null;
                credential.StatusMessage = verification.Message;
                credential.StatusDetail = null;
                credential.LastVerifiedAt = Now;
            }

            activity.Add(db, actor, "Credential edited", "Credential", credential.Id, credential.Name,
                (changed.Count == 0 ? "No field changed" : "Changed: " + string.Join(", ", changed)) + (verification is null ? "" : "; verified: Verified"));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return await RefuseEditAsync(actor, current, edit, OperationError.ChangedElsewhere("credential"), "Refused: changed by someone else meanwhile");
            }
            catch (DbUpdateException)
            {
                // Only the unique name index can refuse this row; a concurrent rename took the name.
                db.ChangeTracker.Clear();
                if (await NameTakenAsync(db, teamId, id, input.Name, cancellationToken))
                {
                    return await RefuseEditAsync(actor, current, edit, DuplicateName(input.Name), "Refused: Name already used");
                }

                throw;
            }
        }

        logger.LogInformation("Updated credential {CredentialId} (authentication changed: {AuthChanged})", id, authChanged);
        return await SummaryAfterVerificationAsync(teamId, id, cancellationToken);
    }

    /// <summary>
    /// Records an edit that did not take effect (who, which fields, why: never values) in its own
    /// transaction, and returns the refusal for the caller to pass on.
    /// </summary>
    private async Task<OperationError> RefuseEditAsync(Actor actor, Credential current, CredentialEdit? edit, OperationError error, string reason)
    {
        var fields = edit?.ChangedFields ?? [];
        await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
        activity.Add(db, actor, "Credential edit refused", "Credential", current.Id, current.Name,
            (fields.Count == 0 ? "" : "Changed: " + string.Join(", ", fields) + "; ") + reason);
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogInformation("Refused an edit of credential {CredentialId}: {Reason}", current.Id, reason);
        return error;
    }

    private static string Label(ProviderSchema schema, string property) =>
        schema.Field(property)?.Label ?? property switch
        {
            nameof(CredentialInput.ProviderId) => "Provider",
            _ => property,
        };

    /// <summary>
    /// Deletes a credential. Its models are kept and marked Invalid ("Credential 'X' was deleted"),
    /// in the same transaction. Returns how many models became Invalid.
    /// </summary>
    public async Task<OperationResult<int>> DeleteAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (await access.CheckAsync(actor, TeamRole.Admin, "The credential", cancellationToken) is { } refused)
        {
            return refused;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var name = await db.Credentials.Where(c => c.TeamId == teamId && c.Id == id).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken);
        if (name is null)
        {
            return OperationError.NotFound("The credential");
        }

        var reason = $"Credential '{name}' was deleted";
        var now = Now;
        var newVersion = Guid.NewGuid();
        var invalidated = await db.ModelConnections
            .Where(m => m.TeamId == teamId && m.CredentialId == id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.State, Models.ModelState.Invalid)
                .SetProperty(m => m.InvalidReason, reason)
                .SetProperty(m => m.CredentialId, (Guid?)null)
                .SetProperty(m => m.UpdatedAt, now)
                .SetProperty(m => m.Version, newVersion), cancellationToken);
        await db.Credentials.Where(c => c.TeamId == teamId && c.Id == id).ExecuteDeleteAsync(cancellationToken);
        activity.Add(db, actor, "Credential deleted", "Credential", id, name, invalidated == 0 ? null : $"{invalidated} models became invalid");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        logger.LogInformation("Deleted credential {CredentialId}; {ModelCount} models became invalid", id, invalidated);
        return OperationResult<int>.Ok(invalidated);
    }

    private int Limit => options.CurrentValue.Limits.CredentialsPerTeam;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Runs the provider call under the configured hard time bound. Whatever the client returns,
    /// secrets are redacted from its message and detail again before anything is stored or shown.
    /// </summary>
    private async Task<VerificationResult> RunVerificationAsync(
        ProviderSchema schema, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        var request = new VerificationRequest(schema, values);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CurrentValue.Verification.Timeout);
        VerificationResult result;
        try
        {
            // WaitAsync bounds the wait even for a client that ignores its token.
            result = await verifier.VerifyAsync(request, timeout.Token).WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = VerificationResult.Failed(VerificationOutcome.Timeout, schema.DisplayName,
                $"No answer within {options.CurrentValue.Verification.Timeout.TotalSeconds:0.#} s.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A client bug must not take the page down. Its message may quote request data, so only the type is kept.
            logger.LogError("Verification client for {ProviderId} threw {ExceptionType}", schema.Id, e.GetType().Name);
            result = VerificationResult.Failed(VerificationOutcome.ProviderError, schema.DisplayName, e.GetType().Name);
        }

        var secrets = request.Secrets.ToList();
        var detail = result.Detail is null ? null : Redactor.Redact(result.Detail, secrets);
        return result with
        {
            Message = Redactor.Redact(result.Message, secrets),
            Detail = detail is { Length: > DetailMaxLength } ? detail[..DetailMaxLength] + "…" : detail,
        };
    }

    /// <summary>Writes a verification status unless the authentication details changed since <paramref name="seen"/> was read.</summary>
    private async Task<bool> RecordStatusAsync(
        Actor actor, Credential seen, CredentialStatus status, VerificationOutcome? outcome, string message, string? detail, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = Now;
        var verified = status == CredentialStatus.Verified;
        // Needs re-entry is a fact about the secrets, kept apart from the provider's last answer.
        var updated = status == CredentialStatus.NeedsReentry
            ? await db.Credentials
                .Where(c => c.Id == seen.Id && c.AuthVersion == seen.AuthVersion)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.SecretsUnreadable, true), cancellationToken)
            : await db.Credentials
            .Where(c => c.Id == seen.Id && c.AuthVersion == seen.AuthVersion)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Status, status)
                .SetProperty(c => c.FailureOutcome, outcome)
                .SetProperty(c => c.StatusMessage, message)
                .SetProperty(c => c.StatusDetail, detail)
                .SetProperty(c => c.LastVerifiedAt, c => verified ? now : c.LastVerifiedAt), cancellationToken);
        var result = status == CredentialStatus.NeedsReentry ? "Needs re-entry" : outcome?.ToString() ?? "Verified";
        activity.Add(db, actor, "Credential verified", "Credential", seen.Id, seen.Name,
            updated == 1 ? $"Result: {result}" : $"Result: {result}; discarded: the key or settings changed meanwhile");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return updated == 1;
    }

    /// <summary>
    /// Records that the provider refused the stored credential during a gateway call, as a
    /// Re-verify with that answer would: Failed with the result class, unless the key changed meanwhile.
    /// </summary>
    internal Task<bool> RecordRefusalAsync(Actor actor, Credential seen, VerificationResult result, CancellationToken cancellationToken) =>
        RecordStatusAsync(actor, seen, CredentialStatus.Failed, result.Outcome, result.Message, result.Detail, cancellationToken);

    /// <summary>One credential as the table shows it, or null.</summary>
    public async Task<CredentialSummary?> GetSummaryAsync(Actor actor, Guid id, CancellationToken cancellationToken = default) =>
        await access.IsMemberAsync(actor, cancellationToken)
            ? (await SummaryAfterVerificationAsync(actor.TeamId, id, cancellationToken)).Value
            : null;

    private async Task<OperationResult<CredentialSummary>> SummaryAfterVerificationAsync(Guid teamId, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var row = await db.Credentials.AsNoTracking()
            .Where(c => c.TeamId == teamId && c.Id == id)
            .Select(c => new { Credential = c, ModelCount = db.ModelConnections.Count(m => m.CredentialId == c.Id) })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null
            ? OperationError.NotFound("The credential")
            : OperationResult<CredentialSummary>.Ok(Summarize(row.Credential, row.ModelCount));
    }

    private CredentialSummary Summarize(Credential c, int modelCount)
    {
        var status = c.DisplayStatus();
        var verification = options.CurrentValue.Verification;
        if (status == CredentialStatus.Verifying && Now - c.UpdatedAt > verification.Timeout + verification.InterruptedAfter)
        {
            // Only a create stores Verifying; long past the timeout, its answer will never come.
            return new(c.Id, c.Name, c.Description, c.ProviderId, catalog.Find(c.ProviderId)?.DisplayName ?? c.ProviderId,
                CredentialStatus.Failed, null, InterruptedMessage, null, c.SecretHint, modelCount, c.LastVerifiedAt, c.UpdatedAt, c.Version);
        }

        var reentry = status == CredentialStatus.NeedsReentry;
        return new(c.Id, c.Name, c.Description, c.ProviderId, catalog.Find(c.ProviderId)?.DisplayName ?? c.ProviderId,
            status, reentry ? null : c.FailureOutcome, reentry ? CredentialStatusExtensions.NeedsReentryMessage : c.StatusMessage,
            reentry ? null : c.StatusDetail, c.SecretHint, modelCount, c.LastVerifiedAt, c.UpdatedAt, c.Version);
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string> secrets) =>
        settings.Concat(secrets).ToDictionary();

    private static OperationError? MissingReentry(ProviderSchema schema, IReadOnlyDictionary<string, string> givenSecrets)
    {
        var errors = schema.Fields
            .Where(f => f.IsSecret && f.Required && !givenSecrets.ContainsKey(f.Key))
            .ToDictionary(f => f.Key, f => new[] { $"{f.Label} must be entered again: the stored value can no longer be decrypted." });
        return errors.Count == 0
            ? null
            : new OperationError(OperationErrorKind.Invalid, errors.Values.First()[0]) { FieldErrors = errors };
    }

    private static Task<bool> NameTakenAsync(AgentHubDbContext db, Guid teamId, Guid exceptId, string name, CancellationToken cancellationToken)
    {
        var normalized = Credential.Normalize(name);
        return db.Credentials.AnyAsync(c => c.TeamId == teamId && c.Id != exceptId && c.NormalizedName == normalized, cancellationToken);
    }

    private static OperationError DuplicateName(string name) =>
        OperationError.Field(nameof(CredentialInput.Name),
            $"Name is already used by another credential in this team (names ignore case): choose another than '{name.Trim()}'.");

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
