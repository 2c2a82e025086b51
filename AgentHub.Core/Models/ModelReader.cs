using AgentHub.Core.Lists;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Core.Models;

/// <summary>Reads a team's models: the list with each status derived from its credential, and one model for the edit form.</summary>
public sealed class ModelReader(
    IDbContextFactory<AgentHubDbContext> factory,
    ProviderCatalog catalog,
    TeamAccess access)
{
    /// <summary>
    /// One page of the team's models with their status derived from their credential: searched over
    /// model ID, alias, provider and credential name ignoring case, sorted by <see cref="ModelSort"/>'s
    /// keys (default: model ID), all in the database query.
    /// </summary>
    public async Task<ListPage<ModelSummary>> ListPageAsync(Actor actor, ListQuery query, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return new([], 0);
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var models = db.ModelConnections.AsNoTracking().Include(m => m.Credential).Where(m => m.TeamId == teamId);
        if (query.Term is { } term)
        {
            var pattern = ListQueries.ContainsPattern(term);
            var providers = ListQueries.ProvidersMatching(catalog, term);
            models = models.Where(m =>
                EF.Functions.Like(m.ModelId.ToUpper(), pattern, ListQueries.Escape)
                || EF.Functions.Like(m.NormalizedAlias, pattern, ListQueries.Escape)
                || providers.Contains(m.ProviderId)
                || (m.Credential != null && EF.Functions.Like(m.Credential.NormalizedName, pattern, ListQueries.Escape)));
        }

        var (page, matching) = await models.PageAsync(m => Order(m, query), query, cancellationToken);
        return new(page.Select(m => ModelViews.Summarize(m, catalog)).ToList(), matching);
    }

    /// <summary>How many models the team has, whatever a search finds (the empty state shows when none).</summary>
    public async Task<int> CountAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return 0;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.ModelConnections.CountAsync(m => m.TeamId == teamId, cancellationToken);
    }

    /// <summary>One model as the table shows it, or null (to update its row in place).</summary>
    public async Task<ModelSummary?> GetSummaryAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return null;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var model = await db.ModelConnections.AsNoTracking().Include(m => m.Credential)
            .FirstOrDefaultAsync(m => m.TeamId == teamId && m.Id == id, cancellationToken);
        return model is null ? null : ModelViews.Summarize(model, catalog);
    }

    private IQueryable<ModelConnection> Order(IQueryable<ModelConnection> models, ListQuery query)
    {
        var descending = query.Descending;
        return query.Sort switch
        {
            ModelSort.Provider => models.OrderBy(ListQueries.ProviderName<ModelConnection>(catalog, m => m.ProviderId), descending, m => m.Id),
            ModelSort.Credential => models.OrderBy(m => m.Credential == null ? "" : m.Credential.NormalizedName, descending, m => m.Id),
            ModelSort.Status => models.OrderBy(m => m.State == ModelState.Invalid || m.Credential == null ? 1
                : m.Credential.Status == CredentialStatus.Verified && !m.Credential.SecretsUnreadable ? 0 : 2, descending, m => m.Id),
            ModelSort.Connected => models.OrderBy(m => m.ConnectedAt, descending, m => m.Id),
            ModelSort.Alias => models.OrderBy(m => m.NormalizedAlias, descending, m => m.Id),
            _ => models.OrderBy(m => m.ModelId, descending, m => m.Id),
        };
    }

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

    /// <summary>The most choices <see cref="FindAliasesAsync"/> returns.</summary>
    public const int MaxChoices = 20;

    /// <summary>
    /// The team's models whose alias contains <paramref name="search"/> (ignoring case; blank for the
    /// first ones), by alias, at most <paramref name="limit"/> (capped at <see cref="MaxChoices"/>):
    /// a picker's choices, read in the database whatever the team's size.
    /// </summary>
    public async Task<IReadOnlyList<ModelChoice>> FindAliasesAsync(Actor actor, string? search, int limit = MaxChoices, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return [];
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var models = db.ModelConnections.AsNoTracking().Where(m => m.TeamId == teamId);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = ListQueries.ContainsPattern(search.Trim());
            models = models.Where(m => EF.Functions.Like(m.NormalizedAlias, pattern, ListQueries.Escape));
        }

        return await models.OrderBy(m => m.NormalizedAlias).ThenBy(m => m.Id)
            .Take(Math.Clamp(limit, 1, MaxChoices))
            .Select(m => new ModelChoice(m.Id, m.Alias))
            .ToListAsync(cancellationToken);
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

/// <summary>A model as a picker offers it: its id and the alias agents call it by.</summary>
public sealed record ModelChoice(Guid Id, string Alias);

/// <summary>The sort keys of the models list (<see cref="ListQuery.Sort"/>), also the URL's <c>sort</c> values.</summary>
public static class ModelSort
{
    public const string Model = "model";
    public const string Provider = "provider";
    public const string Credential = "credential";
    public const string Status = "status";
    public const string Connected = "connected";
    public const string Alias = "alias";
}
