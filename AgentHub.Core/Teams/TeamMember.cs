namespace AgentHub.Core.Teams;

/// <summary>A user's membership of a team, with the role that decides what they may do there.</summary>
public sealed class TeamMember
{
    public Guid TeamId { get; set; }

    /// <summary>The Identity user's id.</summary>
    public required string UserId { get; set; }

    public TeamRole Role { get; set; }

    public DateTime AddedAt { get; set; }
}
