using System.Linq.Expressions;
using AgentHub.Core.Activity;
using AgentHub.Core.Lists;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Core.Credentials;

/// <summary>Reads a team's credentials: the list, the quota, one credential's details and the models using it.</summary>
public sealed class CredentialReader(
    IDbContextFactory<AgentHubDbContext> factory,
    CredentialSupport support,
    SecretProtector protector,
    ProviderCatalog catalog,
    TeamAccess access,
    ActivityLog activity)
{
    /// <summary>
    /// One page of the team's credentials, each with the number of models using it: searched over
    /// name, description and provider ignoring case, sorted by <see cref="CredentialSort"/>'s keys
    /// (default: name), all in the database query.
    /// </summary>
    public async Task<ListPage<CredentialSummary>> ListPageAsync(Actor actor, ListQuery query, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return new([], 0);
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var credentials = db.Credentials.AsNoTracking().Where(c => c.TeamId == teamId);
        if (query.Term is { } term)
        {
            var pattern = ListQueries.ContainsPattern(term);
            var providers = ListQueries.ProvidersMatching(catalog, term);
            credentials = credentials.Where(c =>
                EF.Functions.Like(c.NormalizedName, pattern, ListQueries.Escape)
                || (c.Description != null && EF.Functions.Like(c.Description.ToUpper(), pattern, ListQueries.Escape))
                || providers.Contains(c.ProviderId));
        }

        if (query.Filter == CredentialFilter.NeedsAttention)
        {
            credentials = credentials.Where(CredentialFilter.NeedsAttentionRule(support.Now));
        }

        var rows = credentials.Select(c => new CredentialRow { Credential = c, ModelCount = db.ModelConnections.Count(m => m.CredentialId == c.Id) });
        var (page, matching) = await rows.PageAsync(r => Order(r, query), query, cancellationToken);
        return new(page.Select(r => support.Summarize(r.Credential, r.ModelCount)).ToList(), matching);
    }


    /// <summary>How many of the team's credentials need attention (<see cref="CredentialFilter.NeedsAttentionRule"/>), whatever the search.</summary>
    public async Task<int> CountNeedingAttentionAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return 0;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Credentials.Where(c => c.TeamId == teamId).CountAsync(CredentialFilter.NeedsAttentionRule(support.Now), cancellationToken);
    }

    /// <summary>
    /// The team's credentials as a picker lists them (connecting or moving a model), by name: no model
    /// counts, so the dialog costs the same whether the team has 2,000 models or 20,000.
    /// </summary>
    public async Task<IReadOnlyList<CredentialChoice>> ListChoicesAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return [];
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Credentials.AsNoTracking().Where(c => c.TeamId == teamId).ToListAsync(cancellationToken);
        // The status as the table shows it (one rule: Summarize), without the count the picker does not show.
        return rows
            .Select(c => support.Summarize(c, modelCount: 0))
            .Select(c => new CredentialChoice(c.Id, c.Name, c.ProviderId, c.ProviderName, c.Status))
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

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
            .Select(r => support.Summarize(r.Credential, r.ModelCount))
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    private IQueryable<CredentialRow> Order(IQueryable<CredentialRow> rows, ListQuery query)
    {
        var descending = query.Descending;
        return query.Sort switch
        {
            CredentialSort.Provider => rows.OrderBy(ListQueries.ProviderName<CredentialRow>(catalog, r => r.Credential.ProviderId), descending, r => r.Credential.Id),
            CredentialSort.Description => rows.OrderBy(r => r.Credential.Description ?? "", descending, r => r.Credential.Id),
            CredentialSort.Status => rows.OrderBy(r => r.Credential.SecretsUnreadable ? 3
                : r.Credential.Status == CredentialStatus.Verifying ? 0
                : r.Credential.Status == CredentialStatus.Verified ? 1
                : r.Credential.Status == CredentialStatus.Failed ? 2 : 3, descending, r => r.Credential.Id),
            CredentialSort.Models => rows.OrderBy(r => r.ModelCount, descending, r => r.Credential.Id),
            CredentialSort.LastVerified => rows.OrderByNullsFirst(r => r.Credential.LastVerifiedAt, descending, r => r.Credential.Id),
            CredentialSort.Updated => rows.OrderBy(r => r.Credential.UpdatedAt, descending, r => r.Credential.Id),
            _ => rows.OrderBy(r => r.Credential.NormalizedName, descending, r => r.Credential.Id),
        };
    }

    /// <summary>How many credentials the team holds, against <c>AgentHub:support.Limits:CredentialsPerTeam</c>.</summary>
    public async Task<CredentialQuota> GetQuotaAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return new CredentialQuota(0, support.Limit);
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return new(await db.Credentials.CountAsync(c => c.TeamId == teamId, cancellationToken), support.Limit);
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
            await factory.MarkSecretsUnreadableAsync(activity, credential.Id);
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

    /// <summary>One credential as the table shows it, or null.</summary>
    public async Task<CredentialSummary?> GetSummaryAsync(Actor actor, Guid id, CancellationToken cancellationToken = default) =>
        await access.IsMemberAsync(actor, cancellationToken)
            ? (await support.SummaryAsync(actor.TeamId, id, cancellationToken)).Value
            : null;
}

/// <summary>A credential with the number of models using it, as one query reads them.</summary>
internal sealed class CredentialRow
{
    public required Credential Credential { get; init; }

    public int ModelCount { get; init; }
}

/// <summary>The filters of the credentials list (<see cref="ListQuery.Filter"/>), also the URL's <c>filter</c> values.</summary>
public static class CredentialFilter
{
    /// <summary>Credentials an admin should look at: Failed, Needs re-entry, or a key that expires within a week.</summary>
    public const string NeedsAttention = "attention";

    /// <summary>
    /// The one home of what "needs attention" means at <paramref name="now"/>, run in the database query
    /// (the list's filter and its count): Failed, Needs re-entry, or a reported expiry within
    /// <see cref="Alerts.AlertRules.ExpiryWarning"/> (the week the Expiring alert gives).
    /// </summary>
    public static Expression<Func<Credential, bool>> NeedsAttentionRule(DateTime now)
    {
        var soon = now + Alerts.AlertRules.ExpiryWarning;
        return c => c.SecretsUnreadable || c.Status == CredentialStatus.Failed || (c.ExpiresAt != null && c.ExpiresAt <= soon);
    }
}

/// <summary>The sort keys of the credentials list (<see cref="ListQuery.Sort"/>), also the URL's <c>sort</c> values.</summary>
public static class CredentialSort
{
    public const string Name = "name";
    public const string Provider = "provider";
    public const string Description = "description";
    public const string Status = "status";
    public const string Models = "models";
    public const string LastVerified = "verified";
    public const string Updated = "updated";
}
