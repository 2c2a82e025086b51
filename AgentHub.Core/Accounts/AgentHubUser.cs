using Microsoft.AspNetCore.Identity;

namespace AgentHub.Core.Accounts;

/// <summary>An account that signs in to Agent Hub (ASP.NET Core Identity, stored beside the credentials).</summary>
public sealed class AgentHubUser : IdentityUser
{
    /// <summary>The team the user last switched to; the first of their teams when null or no longer theirs.</summary>
    public Guid? CurrentTeamId { get; set; }
}
