using AgentHub.Core.Accounts;
using Microsoft.AspNetCore.Identity;

namespace AgentHub.Tests.Web.Account;

/// <summary>Sign-in: signed-out pages, lockout, one message and one password check for every failure, the per-address limit, the cookie and where sign-in returns to. Over HTTP against the real app.</summary>
public sealed class SignInTests : IAsyncLifetime
{
    private readonly AgentHubAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SignedOutPagesShouldAskForSignInAndComeBack()
    {
        await AccountForms.CreateOwnerAsync(_app.Services);

        var response = await AccountForms.Client(_app).SendAsync(AccountForms.PageRequest("/agent-hub/models"));

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
    public async Task TheSignInCookieShouldBeHttpOnlyAndSameSite()
    {
        await AccountForms.CreateOwnerAsync(_app.Services);

        var response = await AccountForms.LoginAsync(AccountForms.Client(_app));

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("AgentHub.Auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
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
