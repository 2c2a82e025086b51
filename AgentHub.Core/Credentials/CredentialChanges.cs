using AgentHub.Core.Activity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AgentHub.Core.Credentials;

/// <summary>
/// Creates and deletes a team's credentials: the team limit (under the team row lock), unique
/// names, and the models a deleted credential leaves Invalid.
/// </summary>
public sealed class CredentialChanges(
    IDbContextFactory<AgentHubDbContext> factory,
    ProviderCatalog catalog,
    CredentialInputValidator validator,
    CredentialSupport support,
    SecretProtector protector,
    TeamAccess access,
    ActivityLog activity,
    ILogger<CredentialChanges> logger)
{
    /// <summary>
    /// Validates and stores a new credential with status Verifying. Call <see cref="CredentialVerification.VerifyAsync"/>
    /// next; the two are separate so the UI can show the stored row while the provider answers.
    /// </summary>
    public async Task<OperationResult<CredentialSummary>> CreateAsync(Actor actor, CredentialInput input, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        ArgumentOutOfRangeException.ThrowIfNotEqual(input.IsEdit, false, nameof(input));
        if (await access.CheckAdminInputAsync(actor, "The team", validator, input, cancellationToken) is { } refused)
        {
            return refused;
        }

        var schema = catalog.Get(input.ProviderId);
        var (settings, secrets) = CredentialEdit.Split(schema, input);
        var now = support.Now;

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
        if (count >= support.Limit)
        {
            return new OperationError(OperationErrorKind.LimitReached,
                $"This team already has {count} of {support.Limit} credentials. Delete one you no longer use before creating another.");
        }

        var normalizedName = Credential.Normalize(input.Name);
        if (await db.Credentials.AnyAsync(c => c.TeamId == teamId && c.NormalizedName == normalizedName, cancellationToken))
        {
            return CredentialSupport.DuplicateName(input.Name);
        }

        var credential = Credential.Create(teamId, input.Name, input.Description, schema, settings,
            protector.Protect(secrets), SecretHint.For(schema, secrets), now);
        db.Credentials.Add(credential);
        activity.Add(db, actor, ActivityActions.CredentialCreated, ActivityObjects.Credential, credential.Id, credential.Name, $"Provider {schema.DisplayName}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        logger.LogInformation("Created credential {CredentialId} for provider {ProviderId}", credential.Id, schema.Id);
        return OperationResult<CredentialSummary>.Ok(support.Summarize(credential, modelCount: 0));
    }

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

        // Its models stay, Invalid: saved before the credential row goes, in the same transaction.
        var models = await db.ModelConnections.Where(m => m.TeamId == teamId && m.CredentialId == id).ToListAsync(cancellationToken);
        foreach (var model in models)
        {
            model.MarkCredentialDeleted(name, support.Now);
        }

        await db.SaveChangesAsync(cancellationToken);
        var invalidated = models.Count;
        await db.Credentials.Where(c => c.TeamId == teamId && c.Id == id).ExecuteDeleteAsync(cancellationToken);
        activity.Add(db, actor, ActivityActions.CredentialDeleted, ActivityObjects.Credential, id, name, invalidated == 0 ? null : $"{invalidated} models became invalid");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        logger.LogInformation("Deleted credential {CredentialId}; {ModelCount} models became invalid", id, invalidated);
        return OperationResult<int>.Ok(invalidated);
    }
}
