namespace AgentHub.Core.Teams;

/// <summary>What a member may do in a team. Stored by name.</summary>
public enum TeamRole
{
    /// <summary>Sees both tabs; cannot create, edit, verify, test or delete.</summary>
    Viewer,

    /// <summary>All actions.</summary>
    Admin,
}
