using AgentHub.Core.Activity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AgentHub.Core.Models;

/// <summary>
/// Connects, edits and deletes a team's models. A model only attaches to a Verified credential
/// of its own provider; aliases are unique in the team.
/// </summary>
public sealed class ModelChanges(
    IDbContextFactory<AgentHubDbContext> factory,
    ProviderCatalog catalog,
    ModelInputValidator validator,
    TeamAccess access,
    ActivityLog activity,
    TimeProvider time,
    ILogger<ModelChanges> logger)
{
    /// <summary>Connects a model through a Verified credential; the provider follows from the credential.</summary>
    public async Task<OperationResult<ModelSummary>> ConnectAsync(Actor actor, ModelInput input, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (await access.CheckAdminInputAsync(actor, "The team", validator, input, cancellationToken) is { } refused)
        {
            return refused;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var credential = await db.Credentials.FirstOrDefaultAsync(c => c.TeamId == teamId && c.Id == input.CredentialId, cancellationToken);
        if (ModelEditRules.IsUnusable(catalog, credential, providerId: null, out var problem))
        {
            return problem;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var model = ModelConnection.Connect(teamId, credential, input, now);
        if (await AliasTakenAsync(db, model, cancellationToken) is { } taken)
        {
            return taken;
        }

        db.ModelConnections.Add(model);
        activity.Add(db, actor, ActivityActions.ModelConnected, ActivityObjects.Model, model.Id, model.ModelId, $"Credential '{credential.Name}'");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        logger.LogInformation("Connected model {ModelConnectionId} through credential {CredentialId}", model.Id, credential.Id);
        return OperationResult<ModelSummary>.Ok(ModelViews.Summarize(model, catalog));
    }

    /// <summary>
    /// Saves an edit: parameters, and possibly another Verified credential of the same provider.
    /// Attaching an Invalid model to a credential makes it Connected again.
    /// </summary>
    public async Task<OperationResult<ModelSummary>> UpdateAsync(
        Actor actor, Guid id, ModelInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (await access.CheckAdminInputAsync(actor, "The model", validator, input, cancellationToken) is { } refused)
        {
            return refused;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var model = await db.ModelConnections.Include(m => m.Credential).FirstOrDefaultAsync(m => m.TeamId == teamId && m.Id == id, cancellationToken);
        if (model is null)
        {
            return OperationError.NotFound("The model");
        }

        if (model.Version != expectedVersion)
        {
            return OperationError.ChangedElsewhere("model");
        }

        var changed = ModelEditRules.ChangedFields(model, input);
        if (input.CredentialId != model.CredentialId)
        {
            var credential = await db.Credentials.FirstOrDefaultAsync(c => c.TeamId == teamId && c.Id == input.CredentialId, cancellationToken);
            if (ModelEditRules.IsUnusable(catalog, credential, model.ProviderId, out var problem))
            {
                return problem;
            }

            model.AttachTo(credential);
        }

        db.Entry(model).Property(m => m.Version).OriginalValue = expectedVersion;
        model.Edit(input, time.GetUtcNow().UtcDateTime);
        if (await AliasTakenAsync(db, model, cancellationToken) is { } taken)
        {
            return taken;
        }

        activity.Add(db, actor, ActivityActions.ModelEdited, ActivityObjects.Model, model.Id, model.ModelId, changed.Count == 0 ? "No field changed" : "Changed: " + string.Join(", ", changed));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return OperationError.ChangedElsewhere("model");
        }

        return OperationResult<ModelSummary>.Ok(ModelViews.Summarize(model, catalog));
    }

    /// <summary>Deletes a model connection.</summary>
    public async Task<OperationResult> DeleteAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (await access.CheckAsync(actor, TeamRole.Admin, "The model", cancellationToken) is { } refused)
        {
            return refused;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var name = await db.ModelConnections.Where(m => m.TeamId == teamId && m.Id == id).Select(m => m.ModelId).FirstOrDefaultAsync(cancellationToken);
        if (name is null)
        {
            return OperationError.NotFound("The model");
        }

        await db.ModelConnections.Where(m => m.TeamId == teamId && m.Id == id).ExecuteDeleteAsync(cancellationToken);
        activity.Add(db, actor, ActivityActions.ModelDeleted, ActivityObjects.Model, id, name);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return OperationResult.Ok();
    }

    /// <summary>Refuses an alias another model of the team already answers to (ignoring case), at the Alias field.</summary>
    private static async Task<OperationError?> AliasTakenAsync(AgentHubDbContext db, ModelConnection model, CancellationToken cancellationToken)
    {
        var taken = await db.ModelConnections.AnyAsync(
            m => m.TeamId == model.TeamId && m.Id != model.Id && m.NormalizedAlias == model.NormalizedAlias, cancellationToken);
        return taken
            ? OperationError.Field(nameof(ModelInput.Alias),
                $"Alias '{model.Alias}' is already used by another model in this team (aliases ignore case): type another Alias, since agents name the model by it.")
            : null;
    }
}
