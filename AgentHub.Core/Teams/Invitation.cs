namespace AgentHub.Core.Teams;

/// <summary>
/// An admin's invitation of an email into a team. Only the SHA-256 hash of its one-time token is
/// stored: the link is shown once to the admin, and whoever holds it proves it by the token alone.
/// </summary>
public sealed class Invitation
{
    /// <summary>How long a link stays valid.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid TeamId { get; set; }

    /// <summary>The email as the admin typed it (trimmed), for display.</summary>
    public required string Email { get; set; }

    /// <summary>The email in Identity's normalised form, to match accounts.</summary>
    public required string NormalizedEmail { get; set; }

    public TeamRole Role { get; set; }

    /// <summary>Lower-case hex SHA-256 of the token; the token itself is never stored.</summary>
    public required string TokenHash { get; set; }

    public required string CreatedByUserId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? AcceptedAt { get; set; }

    public string? AcceptedByUserId { get; set; }

    public DateTime? RevokedAt { get; set; }
}
