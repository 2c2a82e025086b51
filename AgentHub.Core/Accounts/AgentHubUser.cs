using Microsoft.AspNetCore.Identity;

namespace AgentHub.Core.Accounts;

/// <summary>An account that signs in to Agent Hub (ASP.NET Core Identity, stored beside the credentials).</summary>
public sealed class AgentHubUser : IdentityUser
{
}
