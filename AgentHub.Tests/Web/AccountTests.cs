using AgentHub.Core.Accounts;
using AgentHub.Core.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Tests.Web;

/// <summary>First start, sign-in, lockout, rate limits, invitations, password change and sign-out over HTTP against the real app.</summary>
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
    public async Task ASetupFormPostedAfterSetupFinishedElsewhereShouldSaySoInsteadOfA400()
    {
        var client = AccountForms.Client(_app);
        var page = await client.GetStringAsync("/account/setup");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        await AccountForms.CreateOwnerAsync(_app.Services);

        var late = await client.PostAsync("/account/setup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "late@example.com", ["Input.Password"] = "Late-Passw0rd!", ["Input.TeamName"] = "Late",
            ["__RequestVerificationToken"] = token, ["_handler"] = "setup",
        }));

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Contains("Agent Hub is already set up", await late.Content.ReadAsStringAsync());
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

        for (var i = 0; i < 5; i++)
        {
            await AccountForms.LoginAsync(client, password: "Wrong-Passw0rd!");
        }

        var right = await AccountForms.LoginAsync(client);

        Assert.Contains(FailedMessage, await right.Content.ReadAsStringAsync());
        Assert.NotEqual(HttpStatusCode.Redirect, right.StatusCode);
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AgentHubUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync(AccountForms.OwnerEmail))!));
    }

    private const string FailedMessage = "Sign-in failed. Check the email and password; after repeated failures an account is locked for 15 minutes.";

    private static async Task<string> AlertOfAsync(HttpResponseMessage response) =>
        System.Text.RegularExpressions.Regex.Match(await response.Content.ReadAsStringAsync(), "role=\"alert\">([^<]*)<").Groups[1].Value;

    [Fact]
    public async Task AnUnknownEmailAWrongPasswordAndALockedAccountShouldGetTheSameMessage()
    {
        await AccountForms.CreateOwnerAsync(_app.Services);
        var client = AccountForms.Client(_app);

        var unknown = await AccountForms.LoginAsync(client, email: "nobody@example.com", password: "Wrong-Passw0rd!");
        var wrong = await AccountForms.LoginAsync(client, password: "Wrong-Passw0rd!");
        for (var i = 0; i < 4; i++)
        {
            await AccountForms.LoginAsync(client, password: "Wrong-Passw0rd!");
        }

        var locked = await AccountForms.LoginAsync(client);

        Assert.Equal(FailedMessage, await AlertOfAsync(unknown));
        Assert.Equal(FailedMessage, await AlertOfAsync(wrong));
        Assert.Equal(FailedMessage, await AlertOfAsync(locked));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { unknown.StatusCode, wrong.StatusCode, locked.StatusCode });
    }

    [Fact]
    public async Task AnUnknownEmailAWrongPasswordAndALockedAccountShouldEachCostOnePasswordCheck()
    {
        var hasher = new CountingPasswordHasher();
        await using var app = new AgentHubAppFactory(services: s => s.AddSingleton<IPasswordHasher<AgentHubUser>>(hasher));
        await AccountForms.CreateOwnerAsync(app.Services);
        var client = AccountForms.Client(app);

        var unknown = await CountChecksAsync(hasher, () => AccountForms.LoginAsync(client, email: "nobody@example.com", password: "Wrong-Passw0rd!"));
        var wrong = await CountChecksAsync(hasher, () => AccountForms.LoginAsync(client, password: "Wrong-Passw0rd!"));
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AgentHubUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByEmailAsync(AccountForms.OwnerEmail))!, DateTimeOffset.UtcNow.AddMinutes(15));
        }

        var locked = await CountChecksAsync(hasher, () => AccountForms.LoginAsync(client));

        Assert.Equal([1, 1, 1], new[] { unknown, wrong, locked });
    }

    private static async Task<int> CountChecksAsync(CountingPasswordHasher hasher, Func<Task<HttpResponseMessage>> signIn)
    {
        var before = hasher.Checks;
        var response = await signIn();
        Assert.Equal(FailedMessage, await AlertOfAsync(response));
        return hasher.Checks - before;
    }

    /// <summary>Identity's hasher, counting password checks.</summary>
    private sealed class CountingPasswordHasher : IPasswordHasher<AgentHubUser>
    {
        private readonly PasswordHasher<AgentHubUser> _inner = new();
        private int _checks;

        public int Checks => Volatile.Read(ref _checks);

        public string HashPassword(AgentHubUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AgentHubUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _checks);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    [Fact]
    public async Task SignInPostsShouldAnswer429PastTheLimitPerAddress()
    {
        await using var app = new AgentHubAppFactory(new Dictionary<string, string?> { ["AgentHub:Accounts:FormPostsPerWindow"] = "3" });
        await AccountForms.CreateOwnerAsync(app.Services);
        var client = AccountForms.Client(app);

        var allowed = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            allowed.Add((await AccountForms.LoginAsync(client, password: "Wrong-Passw0rd!")).StatusCode);
        }

        var limited = await AccountForms.LoginAsync(client);
        var page = await client.GetAsync("/account/login");

        Assert.All(allowed, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("Too many attempts", await limited.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

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

    [Fact]
    public async Task SetupShouldMakeTheFirstTeamTheOwnersCurrentTeam()
    {
        await AccountForms.SetupAsync(AccountForms.Client(_app), team: "Research");

        using var scope = _app.Services.CreateScope();
        var owner = await scope.ServiceProvider.GetRequiredService<UserManager<AgentHubUser>>().FindByEmailAsync(AccountForms.OwnerEmail);
        var team = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AgentHubDbContext>>().CreateDbContext().Teams.SingleAsync();
        Assert.Equal(team.Id, owner!.CurrentTeamId);
    }

    [Fact]
    public async Task ChangingThePasswordShouldEndTheOtherSessionsButKeepThisOne()
    {
        await using var app = new AgentHubAppFactory(new Dictionary<string, string?> { ["AgentHub:Accounts:RevalidationInterval"] = "00:00:01" });
        var here = await AccountForms.SignedInClientAsync(app);
        var elsewhere = AccountForms.Client(app);
        await AccountForms.LoginAsync(elsewhere);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var changed = await AccountForms.PostAsync(here, "/account/password", "password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = AccountForms.OwnerPassword, ["Input.NewPassword"] = "Changed-Passw0rd!", ["Input.ConfirmPassword"] = "Changed-Passw0rd!",
        });
        var hereAfter = await here.SendAsync(PageRequest("/agent-hub/credentials"));
        var elsewhereAfter = await elsewhere.SendAsync(PageRequest("/agent-hub/credentials"));
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
        var here = await AccountForms.SignedInClientAsync(app);
        var elsewhere = AccountForms.Client(app);
        await AccountForms.LoginAsync(elsewhere);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var signedOut = await AccountForms.PostAsync(here, "/account/sign-out-everywhere", "sign-out-everywhere", new Dictionary<string, string>());
        var hereAfter = await here.SendAsync(PageRequest("/agent-hub/credentials"));
        var elsewhereAfter = await elsewhere.SendAsync(PageRequest("/agent-hub/credentials"));

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.EndsWith("/account/login", signedOut.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, hereAfter.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, elsewhereAfter.StatusCode);
        Assert.StartsWith("/account/login", elsewhereAfter.Headers.Location?.PathAndQuery);
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
