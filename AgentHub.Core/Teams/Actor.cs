namespace AgentHub.Core.Teams;

/// <summary>
/// Who acts, in which team. Every service call takes one and refuses anything outside the team,
/// in a way that does not reveal whether an object of another team exists.
/// </summary>
/// <param name="UserId">The signed-in user's id.</param>
/// <param name="TeamId">The team the user is acting in.</param>
public sealed record Actor(string UserId, Guid TeamId);
