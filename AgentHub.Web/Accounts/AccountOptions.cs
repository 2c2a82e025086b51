namespace AgentHub.Web.Accounts;

/// <summary>The <c>AgentHub:Accounts</c> configuration section: sign-in throttling and how soon ended sessions stop working.</summary>
public sealed class AccountOptions
{
    public const string SectionName = "AgentHub:Accounts";

    /// <summary>How many sign-in, password and invitation form posts one client address may make per <see cref="FormPostWindow"/>.</summary>
    public int FormPostsPerWindow { get; set; } = 10;

    /// <summary>The window <see cref="FormPostsPerWindow"/> counts in.</summary>
    public TimeSpan FormPostWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often a sign-in cookie and an open circuit re-check the account's security stamp: a
    /// changed password or "Sign out everywhere" ends the other sessions within this time.
    /// </summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);
}
