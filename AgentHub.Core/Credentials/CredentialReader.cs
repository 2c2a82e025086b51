using Microsoft.EntityFrameworkCore;

namespace AgentHub.Core.Credentials;

/// <summary>Reads a team's credentials: the list, the quota, one credential's details and the models using it.</summary>
public sealed class CredentialReader(
    IDbContextFactory<AgentHubDbContext> factory,
    CredentialSupport support,
    SecretProtector protector,
    TeamAccess access)
{
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

    /// <summary>One credential as the table shows it, or null.</summary>
    public async Task<CredentialSummary?> GetSummaryAsync(Actor actor, Guid id, CancellationToken cancellationToken = default) =>
        await access.IsMemberAsync(actor, cancellationToken)
            ? (await support.SummaryAsync(actor.TeamId, id, cancellationToken)).Value
            : null;
}
