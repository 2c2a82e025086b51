using System.Security.Cryptography;
using System.Text;
using AgentHub.Core.Activity;
using AgentHub.Core.Gateway;
using AgentHub.Core.Lists;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AgentHub.Core.AgentKeys;

/// <summary>
/// Issues, lists and revokes a team's agent keys, and recognises a presented key for the gateway.
/// A key is 256 random bits shown once; the store keeps its SHA-256 hash (the key's entropy makes
/// a slow hash unnecessary) and a prefix. Revoking deletes the row, so the next call fails at once.
/// </summary>
public sealed class AgentKeyService(
    IDbContextFactory<AgentHubDbContext> factory,
    AgentKeyInputValidator validator,
    TeamAccess access,
    ActivityLog activity,
    TimeProvider time,
    GatewayDirectory directory,
    ILogger<AgentKeyService> logger)
{
    /// <summary>What every agent key starts with, so a leaked one is recognisable (secret scanners, logs).</summary>
    public const string KeyPrefix = "ahk_";

    private const int ShownPrefixLength = 12;

    /// <summary>The team's agent keys, by name.</summary>
    public async Task<IReadOnlyList<AgentKeySummary>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return [];
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var keys = await db.AgentKeys.AsNoTracking().Where(k => k.TeamId == teamId).ToListAsync(cancellationToken);
        var aliases = await AliasesAsync(db, teamId, keys.SelectMany(k => k.ModelIds), cancellationToken);
        return keys.Select(k => Summarize(k, aliases)).OrderBy(k => k.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>
    /// One page of the team's agent keys, searched over the name (ignoring case) and the prefix (the
    /// key's first characters, as the table shows them), sorted by <see cref="AgentKeySort"/>'s keys
    /// (default: name), all in the database query; the models column reads only the page's aliases.
    /// </summary>
    public async Task<ListPage<AgentKeySummary>> ListPageAsync(Actor actor, ListQuery query, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return new([], 0);
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var keys = db.AgentKeys.AsNoTracking().Where(k => k.TeamId == teamId);
        if (query.Term is { } term)
        {
            var pattern = ListQueries.ContainsPattern(term);
            keys = keys.Where(k => EF.Functions.Like(k.NormalizedName, pattern, ListQueries.Escape) || k.Prefix.StartsWith(term));
        }

        var (page, matching) = await keys.PageAsync(k => Order(k, query), query, cancellationToken);
        var aliases = await AliasesAsync(db, teamId, page.SelectMany(k => k.ModelIds), cancellationToken);
        return new(page.Select(k => Summarize(k, aliases)).ToList(), matching);
    }

    /// <summary>How many agent keys the team has, whatever a search finds (the empty state shows when none).</summary>
    public async Task<int> CountAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return 0;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.AgentKeys.CountAsync(k => k.TeamId == teamId, cancellationToken);
    }

    /// <summary>Creates a key; the returned <see cref="CreatedAgentKey.Key"/> is never available again.</summary>
    public async Task<OperationResult<CreatedAgentKey>> CreateAsync(Actor actor, AgentKeyInput input, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (await access.CheckAdminInputAsync(actor, "The team", validator, input, cancellationToken) is { } refused)
        {
            return refused;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var normalizedName = AgentKey.Normalize(input.Name);
        if (await db.AgentKeys.AnyAsync(k => k.TeamId == teamId && k.NormalizedName == normalizedName, cancellationToken))
        {
            return OperationError.Field(nameof(AgentKeyInput.Name),
                $"Name is already used by another agent key in this team (names ignore case): choose another than '{input.Name.Trim()}'.");
        }

        var modelIds = input.ModelIds.Distinct().ToList();
        var known = await db.ModelConnections.Where(m => m.TeamId == teamId && modelIds.Contains(m.Id)).CountAsync(cancellationToken);
        if (known != modelIds.Count)
        {
            return OperationError.Field(nameof(AgentKeyInput.ModelIds), "Models lists a model that no longer exists: reload and choose again.");
        }

        var key = NewKey();
        var now = time.GetUtcNow().UtcDateTime;
        var agentKey = new AgentKey
        {
            TeamId = teamId,
            Name = input.Name.Trim(),
            NormalizedName = normalizedName,
            Prefix = key[..ShownPrefixLength],
            Hash = Hash(key),
            ModelIds = modelIds,
            RequestsPerMinute = input.RequestsPerMinute,
            // The key works through the whole chosen day (UTC).
            ExpiresAt = input.Expires?.Date.AddDays(1),
            CreatedAt = now,
            CreatedBy = actor.UserId,
        };
        db.AgentKeys.Add(agentKey);
        activity.Add(db, actor, ActivityActions.AgentKeyCreated, ActivityObjects.AgentKey, agentKey.Id, agentKey.Name,
            $"Prefix {agentKey.Prefix}; models: {(modelIds.Count == 0 ? "all" : modelIds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        logger.LogInformation("Created agent key {AgentKeyId} with prefix {AgentKeyPrefix}", agentKey.Id, agentKey.Prefix);
        var aliases = await AliasesAsync(db, teamId, modelIds, cancellationToken);
        return OperationResult<CreatedAgentKey>.Ok(new CreatedAgentKey(Summarize(agentKey, aliases), key));
    }

    /// <summary>Revokes a key: deleted, so the very next call with it is refused.</summary>
    public async Task<OperationResult> RevokeAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (await access.CheckAsync(actor, TeamRole.Admin, "The agent key", cancellationToken) is { } refused)
        {
            return refused;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var key = await db.AgentKeys.AsNoTracking().FirstOrDefaultAsync(k => k.TeamId == teamId && k.Id == id, cancellationToken);
        if (key is null)
        {
            return OperationError.NotFound("The agent key");
        }

        await db.AgentKeys.Where(k => k.Id == id).ExecuteDeleteAsync(cancellationToken);
        activity.Add(db, actor, ActivityActions.AgentKeyRevoked, ActivityObjects.AgentKey, id, key.Name, $"Prefix {key.Prefix}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Revoked agent key {AgentKeyId}", id);
        return OperationResult.Ok();
    }

    /// <summary>
    /// The live key a caller presented, or null for an unknown, revoked or expired one. Reads the
    /// gateway's in-memory directory (one SHA-256, no query); its use is recorded by the usage flush.
    /// </summary>
    public async Task<AgentKeyIdentity?> AuthenticateAsync(string presented, CancellationToken cancellationToken = default)
    {
        if (!presented.StartsWith(KeyPrefix, StringComparison.Ordinal) || presented.Length > 200)
        {
            return null;
        }

        var snapshot = await directory.CurrentAsync(cancellationToken);
        return snapshot.FindKey(Hash(presented), time.GetUtcNow().UtcDateTime);
    }

    private static string NewKey() => KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The aliases of the models <paramref name="ids"/> names (only those: a team may have any number of models).</summary>
    private static async Task<Dictionary<Guid, string>> AliasesAsync(AgentHubDbContext db, Guid teamId, IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        return wanted.Count == 0
            ? []
            : await db.ModelConnections.AsNoTracking().Where(m => m.TeamId == teamId && wanted.Contains(m.Id))
                .ToDictionaryAsync(m => m.Id, m => m.Alias, cancellationToken);
    }

    private static IQueryable<AgentKey> Order(IQueryable<AgentKey> keys, ListQuery query)
    {
        var descending = query.Descending;
        return query.Sort switch
        {
            AgentKeySort.Created => keys.OrderBy(k => k.CreatedAt, descending, k => k.Id),
            // A key that never expires comes after every date (ascending), as "Never" reads.
            AgentKeySort.Expires => descending
                ? keys.OrderBy(k => k.ExpiresAt != null).ThenByDescending(k => k.ExpiresAt).ThenBy(k => k.Id)
                : keys.OrderBy(k => k.ExpiresAt == null).ThenBy(k => k.ExpiresAt).ThenBy(k => k.Id),
            AgentKeySort.LastUsed => keys.OrderByNullsFirst(k => k.LastUsedAt, descending, k => k.Id),
            _ => keys.OrderBy(k => k.NormalizedName, descending, k => k.Id),
        };
    }

    private static AgentKeySummary Summarize(AgentKey key, IReadOnlyDictionary<Guid, string> aliases) =>
        new(key.Id, key.Name, key.Prefix, key.ModelIds.Count == 0,
            key.ModelIds.Select(id => aliases.GetValueOrDefault(id)).OfType<string>().Order(StringComparer.OrdinalIgnoreCase).ToList(),
            key.RequestsPerMinute, key.CreatedAt, key.ExpiresAt, key.LastUsedAt);
}

/// <summary>The sort keys of the agent keys list (<see cref="ListQuery.Sort"/>), also the URL's <c>sort</c> values.</summary>
public static class AgentKeySort
{
    public const string Name = "name";
    public const string Created = "created";
    public const string Expires = "expires";
    public const string LastUsed = "used";
}
