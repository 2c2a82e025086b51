using Microsoft.EntityFrameworkCore;

namespace AgentHub.Core.Models;

/// <summary>Reads a team's models: the list with each status derived from its credential, and one model for the edit form.</summary>
public sealed class ModelReader(
    IDbContextFactory<AgentHubDbContext> factory,
    ProviderCatalog catalog,
    TeamAccess access)
{
    /// <summary>The team's models, by model ID, with their status derived from their credential.</summary>
    public async Task<IReadOnlyList<ModelSummary>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return [];
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var models = await db.ModelConnections.AsNoTracking()
            .Include(m => m.Credential)
            .Where(m => m.TeamId == teamId)
            .ToListAsync(cancellationToken);
        return models
            .Select(m => ModelViews.Summarize(m, catalog))
            .OrderBy(m => m.ModelId, StringComparer.OrdinalIgnoreCase)
            .ThenBy(m => m.CredentialName, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>One model for the edit form, or null.</summary>
    public async Task<ModelDetails?> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return null;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var model = await db.ModelConnections.AsNoTracking().FirstOrDefaultAsync(m => m.TeamId == teamId && m.Id == id, cancellationToken);
        return model is null
            ? null
            : new(model.Id, model.ProviderId, new ModelInput
            {
                CredentialId = model.CredentialId,
                ModelId = model.ModelId,
                Alias = model.Alias,
                Temperature = model.Temperature,
                MaxTokens = model.MaxTokens,
                TopP = model.TopP,
                AdditionalParameters = model.AdditionalParameters,
            }, model.Version);
    }
}
