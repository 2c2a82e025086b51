using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace AgentHub.Web.Accounts;

/// <summary>The signed-in user acting in a team, with their role there.</summary>
public sealed record Member(Actor Actor, TeamRole Role)
{
    public bool IsAdmin => Role == TeamRole.Admin;
}

/// <summary>Who the page acts as. Components ask for it; tests give their own.</summary>
public interface ICurrentMember
{
    /// <summary>The member the page acts as, or null when the signed-in user belongs to no team.</summary>
    Task<Member?> GetAsync();
}

/// <summary>The signed-in user in the team they last switched to (or their first team).</summary>
public sealed class CurrentMember(AuthenticationStateProvider authentication, TeamService teams) : ICurrentMember
{
    private Member? _member;

    public async Task<Member?> GetAsync()
    {
        if (_member is not null)
        {
            return _member;
        }

        var user = (await authentication.GetAuthenticationStateAsync()).User;
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            return null;
        }

        var team = await teams.CurrentTeamAsync(userId);
        _member = team is null ? null : new Member(new Actor(userId, team.TeamId), team.Role);
        return _member;
    }
}
