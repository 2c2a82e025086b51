namespace AgentHub.Core.AgentKeys;

/// <summary>What the Create agent key dialog submits.</summary>
public sealed class AgentKeyInput
{
    public string Name { get; set; } = "";

    /// <summary>The last day the key works (UTC), or null for no expiry.</summary>
    public DateTime? Expires { get; set; }

    /// <summary>The model connections the key may call; empty means every model of the team.</summary>
    public IReadOnlyCollection<Guid> ModelIds { get; set; } = [];

    /// <summary>The requests per minute allowed (stored; enforcement is a later change).</summary>
    public int? RequestsPerMinute { get; set; }
}

/// <summary>An agent key as the Agent keys tab shows it: never the key itself.</summary>
/// <param name="Id">The key's id.</param>
/// <param name="Name">The name an admin gave it.</param>
/// <param name="Prefix">The key's first characters.</param>
/// <param name="AllModels">True when the key may call every model of the team.</param>
/// <param name="Models">The aliases it may call, when <paramref name="AllModels"/> is false.</param>
/// <param name="RequestsPerMinute">The stored limit, or null.</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
/// <param name="ExpiresAt">When it stops working (UTC), or null.</param>
/// <param name="LastUsedAt">When an agent last used it (UTC, to the minute), or null.</param>
public sealed record AgentKeySummary(
    Guid Id, string Name, string Prefix, bool AllModels, IReadOnlyList<string> Models, int? RequestsPerMinute, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsedAt);

/// <summary>A key just created: the only time <see cref="Key"/> is available.</summary>
public sealed record CreatedAgentKey(AgentKeySummary Summary, string Key)
{
    // The key must not reach a log line through this record.
    public override string ToString() => $"CreatedAgentKey {{ Prefix = {Summary.Prefix} }}";
}

/// <summary>The agent key an authenticated gateway call presents.</summary>
/// <param name="Id">The key's id.</param>
/// <param name="TeamId">The team it belongs to.</param>
/// <param name="Name">Its name, for records.</param>
/// <param name="Prefix">Its shown prefix.</param>
/// <param name="ModelIds">The model connections it may call; empty means all of the team's.</param>
public sealed record AgentKeyIdentity(Guid Id, Guid TeamId, string Name, string Prefix, IReadOnlyCollection<Guid> ModelIds)
{
    /// <summary>The requests per minute the key may make, or null for no limit.</summary>
    public int? RequestsPerMinute { get; init; }

    /// <summary>Whether the key may call this model connection.</summary>
    public bool MayCall(ModelConnection model) => model.TeamId == TeamId && (ModelIds.Count == 0 || ModelIds.Contains(model.Id));
}
