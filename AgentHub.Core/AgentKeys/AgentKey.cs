namespace AgentHub.Core.AgentKeys;

/// <summary>
/// A key an agent presents to the gateway. Only its SHA-256 hash is stored (the key itself is
/// shown once, at creation), with a short prefix so admins can tell keys apart.
/// </summary>
public sealed class AgentKey
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid TeamId { get; set; }

    public required string Name { get; set; }

    /// <summary>Upper-case invariant form of <see cref="Name"/>, unique in the team.</summary>
    public required string NormalizedName { get; set; }

    /// <summary>The key's first characters (<c>ahk_</c> and eight more), shown in the table.</summary>
    public required string Prefix { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole key.</summary>
    public required string Hash { get; set; }

    /// <summary>The model connections the key may call; empty means every model of the team.</summary>
    public List<Guid> ModelIds { get; set; } = [];

    /// <summary>The requests per minute the admin allowed (stored; not enforced yet).</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>The moment the key stops working (the end of the chosen day, UTC), or null.</summary>
    public DateTime? ExpiresAt { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The user who created the key.</summary>
    public required string CreatedBy { get; set; }

    /// <summary>The last time an agent used the key (kept to the minute).</summary>
    public DateTime? LastUsedAt { get; set; }

    internal static string Normalize(string name) => name.Trim().ToUpperInvariant();
}
