using AgentHub.Core.Accounts;
using Microsoft.AspNetCore.Identity;

namespace AgentHub.Tests.Web.Account;

/// <summary>Changing the password, Sign out everywhere and signing out: which sessions end, and the lockout on wrong current passwords. Over HTTP against the real app.</summary>
public sealed class PasswordAndSignOutTests : IAsyncLifetime
{
    private readonly AgentHubAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ChangingThePasswordShouldEndTheOtherSessionsButKeepThisOne()
    {
        await using var app = new AgentHubAppFactory(new Dictionary<string, string?> { ["AgentHub:Accounts:RevalidationInterval"] = "00:00:01" });
        var (here, elsewhere) = await TwoSessionsAsync(app);

        var changed = await AccountForms.PostAsync(here, "/account/password", "password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = AccountForms.OwnerPassword, ["Input.NewPassword"] = "Changed-Passw0rd!", ["Input.ConfirmPassword"] = "Changed-Passw0rd!",
        });
        var hereAfter = await here.SendAsync(AccountForms.PageRequest("/agent-hub/credentials"));
        var elsewhereAfter = await elsewhere.SendAsync(AccountForms.PageRequest("/agent-hub/credentials"));
        var newPassword = await AccountForms.LoginAsync(AccountForms.Client(app), password: "Changed-Passw0rd!");

        Assert.Contains("Your password is changed", await changed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, hereAfter.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, elsewhereAfter.StatusCode);
        Assert.StartsWith("/account/login", elsewhereAfter.Headers.Location?.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, newPassword.StatusCode);
    }

    [Fact]
    public async Task AWrongCurrentPasswordShouldNotChangeThePassword()
    {
        var client = await AccountForms.SignedInClientAsync(_app);

        var changed = await AccountForms.PostAsync(client, "/account/password", "password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = "Wrong-Passw0rd!", ["Input.NewPassword"] = "Changed-Passw0rd!", ["Input.ConfirmPassword"] = "Changed-Passw0rd!",
        });
        var oldStillWorks = await AccountForms.LoginAsync(AccountForms.Client(_app));

        Assert.Contains("Current password is wrong.", await changed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, oldStillWorks.StatusCode);
    }

    [Fact]
    public async Task FiveWrongCurrentPasswordsShouldLockTheAccount()
    {
        var client = await AccountForms.SignedInClientAsync(_app);
        var change = new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = "Wrong-Passw0rd!", ["Input.NewPassword"] = "Changed-Passw0rd!", ["Input.ConfirmPassword"] = "Changed-Passw0rd!",
        };

        for (var i = 0; i < 5; i++)
        {
            await AccountForms.PostAsync(client, "/account/password", "password", change);
        }

        change["Input.CurrentPassword"] = AccountForms.OwnerPassword;
        var right = await AccountForms.PostAsync(client, "/account/password", "password", change);

        Assert.DoesNotContain("Your password is changed", await right.Content.ReadAsStringAsync());
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AgentHubUser>>();
        var owner = (await users.FindByEmailAsync(AccountForms.OwnerEmail))!;
        Assert.True(await users.IsLockedOutAsync(owner));
        Assert.True(await users.CheckPasswordAsync(owner, AccountForms.OwnerPassword));
    }

    [Fact]
    public async Task SignOutEverywhereShouldEndEverySessionOfTheUser()
    {
        await using var app = new AgentHubAppFactory(new Dictionary<string, string?> { ["AgentHub:Accounts:RevalidationInterval"] = "00:00:01" });
        var (here, elsewhere) = await TwoSessionsAsync(app);

        var signedOut = await AccountForms.PostAsync(here, "/account/sign-out-everywhere", "sign-out-everywhere", new Dictionary<string, string>());
        var hereAfter = await here.SendAsync(AccountForms.PageRequest("/agent-hub/credentials"));
        var elsewhereAfter = await elsewhere.SendAsync(AccountForms.PageRequest("/agent-hub/credentials"));

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.EndsWith("/account/login", signedOut.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, hereAfter.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, elsewhereAfter.StatusCode);
        Assert.StartsWith("/account/login", elsewhereAfter.Headers.Location?.PathAndQuery);
    }

    [Fact]
    public async Task SignOutShouldNeedTheAntiforgeryTokenAndThenEndTheSession()
    {
        var client = await AccountForms.SignedInClientAsync(_app);

        var forged = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        var stillIn = await client.SendAsync(AccountForms.PageRequest("/agent-hub/credentials"));
        var signedOut = await SignOutAsync(client);
        var afterwards = await client.SendAsync(AccountForms.PageRequest("/agent-hub/credentials"));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        Assert.Equal("/account/login", signedOut.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
    }
    private static async Task<HttpResponseMessage> SignOutAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/agent-hub/credentials");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        return await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
    }

    /// <summary>The owner signed in twice (here and elsewhere), past the first revalidation of both sessions.</summary>
    private static async Task<(HttpClient Here, HttpClient Elsewhere)> TwoSessionsAsync(AgentHubAppFactory app)
    {
        var here = await AccountForms.SignedInClientAsync(app);
        var elsewhere = AccountForms.Client(app);
        await AccountForms.LoginAsync(elsewhere);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        return (here, elsewhere);
    }
}
