namespace AgentHub.Core.Teams;

/// <summary>A pending invitation as the Members tab lists it (<see cref="IsExpired"/> once its link no longer works).</summary>
public sealed record InvitationView(Guid Id, string Email, TeamRole Role, DateTime ExpiresAt, bool IsExpired);

/// <summary>A new invitation and its token, which is shown once and never stored.</summary>
public sealed record NewInvitation(InvitationView Invitation, string Token);

/// <summary>What the invitation page shows before accepting: the team, the invited email, and whether that email has an account.</summary>
public sealed record InvitationPreview(Guid Id, string TeamName, string Email, TeamRole Role, bool AccountExists);

