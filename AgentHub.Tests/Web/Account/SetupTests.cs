using AgentHub.Core.Accounts;
using AgentHub.Core.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Tests.Web.Account;

/// <summary>First start: the setup page every path leads to until an owner exists, the owner and the first team it creates, and refusals once done. Over HTTP against the real app.</summary>
public sealed class SetupTests : IAsyncLifetime
{
    private readonly AgentHubAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/")]
    [InlineData("/agent-hub/credentials")]
    [InlineData("/agent-hub/models")]
    [InlineData("/account/login")]
    public async Task BeforeAnyAccountExistsEveryPageShouldLeadToSetup(string path)
    {
        var response = await AccountForms.Client(_app).SendAsync(AccountForms.PageRequest(path));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/setup", response.Headers.Location?.OriginalString);
    }
    [Fact]
    public async Task SetupShouldCreateTheOwnerNameTheTeamAndSignIn()
    {
        var client = AccountForms.Client(_app);

        var response = await AccountForms.SetupAsync(client, team: "Research");
        var page = await client.SendAsync(AccountForms.PageRequest("/agent-hub/credentials"));

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
    public async Task SetupShouldMakeTheFirstTeamTheOwnersCurrentTeam()
    {
        await AccountForms.SetupAsync(AccountForms.Client(_app), team: "Research");

        using var scope = _app.Services.CreateScope();
        var owner = await scope.ServiceProvider.GetRequiredService<UserManager<AgentHubUser>>().FindByEmailAsync(AccountForms.OwnerEmail);
        var team = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AgentHubDbContext>>().CreateDbContext().Teams.SingleAsync();
        Assert.Equal(team.Id, owner!.CurrentTeamId);
    }
}
