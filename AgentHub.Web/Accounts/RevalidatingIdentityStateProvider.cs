using System.Security.Claims;
using AgentHub.Core.Accounts;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AgentHub.Web.Accounts;

/// <summary>
/// Re-checks an open circuit's user every <c>AgentHub:Accounts:RevalidationInterval</c> (a minute):
/// a deleted account or a changed security stamp (password change, "Sign out everywhere") signs
/// the circuit out instead of waiting for the cookie to expire.
/// </summary>
internal sealed class RevalidatingIdentityStateProvider(
    ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IOptions<IdentityOptions> options, IOptions<AccountOptions> accounts)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => accounts.Value.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AgentHubUser>>();
        var user = await users.GetUserAsync(state.User);
        if (user is null)
        {
            return false;
        }

        return !users.SupportsUserSecurityStamp
            || state.User.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType) == await users.GetSecurityStampAsync(user);
    }
}
