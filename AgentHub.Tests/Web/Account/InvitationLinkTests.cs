using AgentHub.Core.Accounts;
using Microsoft.AspNetCore.Identity;

namespace AgentHub.Tests.Web.Account;

/// <summary>Invitation links: the per-address limit, the invitee choosing their own password, and an existing account joining only when its owner accepts. Over HTTP against the real app.</summary>
public sealed class InvitationLinkTests : IAsyncLifetime
{
    private readonly AgentHubAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task InvitationLinksShouldAnswer429PastTheLimitPerAddress()
    {
        await using var app = new AgentHubAppFactory(new Dictionary<string, string?> { ["AgentHub:Accounts:FormPostsPerWindow"] = "3" });
        await AccountForms.CreateOwnerAsync(app.Services);
        var client = AccountForms.Client(app);

        var guesses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            guesses.Add((await client.GetAsync($"/account/invitation/{InvitationToken.Create()}")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], guesses);
    }
    [Fact]
    public async Task TheInviteeShouldSetTheirOwnPasswordOnTheLinkAndSignIn()
    {
        await AccountForms.CreateOwnerAsync(_app.Services);
        var owner = await AccountForms.OwnerActorAsync(_app.Services);
        string token;
        using (var scope = _app.Services.CreateScope())
        {
            token = (await scope.ServiceProvider.GetRequiredService<InvitationService>().InviteAsync(owner, "invitee@example.com", TeamRole.Viewer)).ValueOrFail().Token;
        }

        var invitee = AccountForms.Client(_app);
        var page = await invitee.GetStringAsync($"/account/invitation/{token}");
        var joined = await AccountForms.PostAsync(invitee, $"/account/invitation/{token}", "invitation-password", new Dictionary<string, string>
        {
            ["Input.Password"] = "Invitee-Passw0rd!", ["Input.ConfirmPassword"] = "Invitee-Passw0rd!",
        });
        var reused = await invitee.GetStringAsync($"/account/invitation/{token}");
        var signIn = await AccountForms.LoginAsync(AccountForms.Client(_app), "invitee@example.com", "Invitee-Passw0rd!");

        Assert.Contains("invitee@example.com", page);
        Assert.Contains("Create account and join", page);
        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        Assert.EndsWith("agent-hub/credentials", joined.Headers.Location?.OriginalString);
        Assert.Contains("This invitation link is not valid", reused);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        using var check = _app.Services.CreateScope();
        var user = await check.ServiceProvider.GetRequiredService<UserManager<AgentHubUser>>().FindByEmailAsync("invitee@example.com");
        Assert.Equal(TeamRole.Viewer, (await check.ServiceProvider.GetRequiredService<TeamService>().CurrentTeamAsync(user!.Id))!.Role);
    }
    [Fact]
    public async Task AnExistingAccountShouldJoinOnlyWhenItsOwnerAcceptsOnTheLink()
    {
        await AccountForms.CreateOwnerAsync(_app.Services);
        var owner = await AccountForms.OwnerActorAsync(_app.Services);
        string token;
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AgentHubUser>>();
            Assert.True((await users.CreateAsync(new AgentHubUser { UserName = "colleague@example.com", Email = "colleague@example.com" }, "Colleague-Passw0rd!")).Succeeded);
            token = (await scope.ServiceProvider.GetRequiredService<InvitationService>().InviteAsync(owner, "colleague@example.com", TeamRole.Admin)).ValueOrFail().Token;
        }

        var signedOut = await AccountForms.Client(_app).GetStringAsync($"/account/invitation/{token}");
        var stranger = AccountForms.Client(_app);
        await AccountForms.LoginAsync(stranger);
        var wrongAccount = await stranger.GetStringAsync($"/account/invitation/{token}");
        var colleague = AccountForms.Client(_app);
        await AccountForms.LoginAsync(colleague, "colleague@example.com", "Colleague-Passw0rd!");
        var accepted = await AccountForms.PostAsync(colleague, $"/account/invitation/{token}", "invitation-accept", new Dictionary<string, string>());

        Assert.Contains("Sign in</a> as colleague@example.com to accept", signedOut);
        Assert.DoesNotContain("type=\"password\"", signedOut);
        Assert.Contains(InvitationService.OtherEmailMessage, wrongAccount);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        using var check = _app.Services.CreateScope();
        Assert.Contains(await check.ServiceProvider.GetRequiredService<TeamService>().ListMembersAsync(owner), m => m.Email == "colleague@example.com" && m.Role == TeamRole.Admin);
    }
}
