using System.Net;
using AgentHub.Core.Accounts;
using AgentHub.Core.Teams;
using AgentHub.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AgentHub.Tests.Web;

/// <summary>First start, sign-in, lockout and sign-out over HTTP against the real app.</summary>
public sealed class AccountTests : IAsyncLifetime
{
    private readonly AgentHubAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static HttpRequestMessage PageRequest(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        return request;
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/agent-hub/credentials")]
    [InlineData("/agent-hub/models")]
    [InlineData("/account/login")]
    public async Task BeforeAnyAccountExistsEveryPageShouldLeadToSetup(string path)
    {
        var response = await AccountForms.Client(_app).SendAsync(PageRequest(path));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/setup", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SetupShouldCreateTheOwnerNameTheTeamAndSignIn()
    {
        var client = AccountForms.Client(_app);

        var response = await AccountForms.SetupAsync(client, team: "Research");
        var page = await client.SendAsync(PageRequest("/agent-hub/credentials"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("agent-hub/credentials", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(AccountForms.OwnerEmail, await page.Content.ReadAsStringAsync());
        using var scope = _app.Services.CreateScope();
        Assert.Equal("Research", (await scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<AgentHub.Core.Persistence.AgentHubDbContext>>()
            .CreateDbContext().Teams.SingleAsync()).Name);
    }

    [Fact]
    public async Task SetupShouldRefuseToRunOnceAnAccountExists()
    {
        await AccountForms.CreateOwnerAsync(_app.Services);
        var client = AccountForms.Client(_app);

        var page = await client.GetStringAsync("/account/setup");
        var second = await AccountForms.PostAsync(client, "/account/setup", "setup", new Dictionary<string, string>
        {
            ["Input.Email"] = "intruder@example.com", ["Input.Password"] = "Intruder-Passw0rd!", ["Input.TeamName"] = "Taken",
        });

        Assert.Contains("Agent Hub is already set up", page);
        Assert.NotEqual(HttpStatusCode.Redirect, second.StatusCode);
        using var scope = _app.Services.CreateScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<AgentHubUser>>().FindByEmailAsync("intruder@example.com"));
    }

    [Fact]
    public async Task AWeakPasswordShouldBeRefusedWithIdentitysRules()
    {
        var response = await AccountForms.SetupAsync(AccountForms.Client(_app), password: "short");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Passwords must be at least 6 characters", html);
        Assert.False(await _app.Services.GetRequiredService<AccountSetup>().IsDoneAsync());
    }

    [Fact]
    public async Task SignedOutPagesShouldAskForSignInAndComeBack()
    {
        await AccountForms.CreateOwnerAsync(_app.Services);

        var response = await AccountForms.Client(_app).SendAsync(PageRequest("/agent-hub/models"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login?ReturnUrl=%2Fagent-hub%2Fmodels", response.Headers.Location?.PathAndQuery);
    }

    [Fact]
    public async Task RepeatedWrongPasswordsShouldLockTheAccount()
    {
        await AccountForms.CreateOwnerAsync(_app.Services);
        var client = AccountForms.Client(_app);

        var wrong = await AccountForms.LoginAsync(client, password: "Wrong-Passw0rd!");
        for (var i = 0; i < 4; i++)
        {
            await AccountForms.LoginAsync(client, password: "Wrong-Passw0rd!");
        }

        var right = await AccountForms.LoginAsync(client);

        Assert.Contains("Email or password is wrong.", await wrong.Content.ReadAsStringAsync());
        Assert.Contains("This account is locked after repeated failed sign-ins", await right.Content.ReadAsStringAsync());
        Assert.NotEqual(HttpStatusCode.Redirect, right.StatusCode);
    }

    [Fact]
    public async Task TheSignInCookieShouldBeHttpOnlyAndSameSite()
    {
        await AccountForms.CreateOwnerAsync(_app.Services);

        var response = await AccountForms.LoginAsync(AccountForms.Client(_app));

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("AgentHub.Auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignOutShouldNeedTheAntiforgeryTokenAndThenEndTheSession()
    {
        var client = await AccountForms.SignedInClientAsync(_app);

        var forged = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        var stillIn = await client.SendAsync(PageRequest("/agent-hub/credentials"));
        var signedOut = await SignOutAsync(client);
        var afterwards = await client.SendAsync(PageRequest("/agent-hub/credentials"));

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

    [Theory]
    [InlineData("/agent-hub/models", "/agent-hub/models")]
    [InlineData("/https://evil.example/", "/agent-hub/credentials")]
    [InlineData("//evil.example/", "/agent-hub/credentials")]
    [InlineData("/\\evil.example/", "/agent-hub/credentials")]
    [InlineData("https://evil.example/", "/agent-hub/credentials")]
    public async Task SignInShouldReturnOnlyToAPathOfThisSite(string returnUrl, string expected)
    {
        await AccountForms.CreateOwnerAsync(_app.Services);
        var client = AccountForms.Client(_app);

        var response = await AccountForms.PostAsync(client, $"/account/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = AccountForms.OwnerEmail, ["Input.Password"] = AccountForms.OwnerPassword,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.True(!location.IsAbsoluteUri || location.Host == "localhost", $"Redirected off the site to {location}");
        Assert.Equal(expected, location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString);
    }
}
