using System.Security.Claims;
using AgentHub.Core.Persistence;
using AgentHub.Core.Teams;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

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

/// <summary>The signed-in user and the first team they belong to (a team switcher will choose among several).</summary>
public sealed class CurrentMember(AuthenticationStateProvider authentication, IDbContextFactory<AgentHubDbContext> factory) : ICurrentMember
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

        await using var db = await factory.CreateDbContextAsync();
        var membership = await db.TeamMembers.Where(m => m.UserId == userId).OrderBy(m => m.AddedAt).FirstOrDefaultAsync();
        _member = membership is null ? null : new Member(new Actor(userId, membership.TeamId), membership.Role);
        return _member;
    }
}
