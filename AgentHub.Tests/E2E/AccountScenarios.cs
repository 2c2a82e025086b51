using AgentHub.Core.Accounts;
using AgentHub.Core.Persistence;
using AgentHub.Tests.E2E.Pages;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentHub.Tests.E2E;

/// <summary>First start in a browser: a second, empty app leads to setup, then signs the owner in and out.</summary>
[Collection(E2ECollection.Name)]
public sealed class AccountScenarios(AgentHubE2EFixture app)
{
    [Fact]
    public async Task AFreshInstallShouldSetUpTheOwnerThenSignOutAndIn()
    {
        await using var fresh = new AgentHubAppFactory();
        fresh.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        fresh.StartServer();
        var address = fresh.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var baseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        var login = new LoginPage(page, baseUrl);

        await page.GotoAsync(baseUrl.AbsoluteUri);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/setup$"));
        await login.SetUpAsync("first.admin@example.com", "First-Passw0rd!", "Platform team");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/agent-hub/credentials$"));
        await Expect(page.Locator("[data-interactive='true']")).ToBeAttachedAsync();
        await Expect(page.GetByText("first.admin@example.com")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login$"));
        await page.GotoAsync(new Uri(baseUrl, "account/setup").AbsoluteUri);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Agent Hub is already set up");

        await login.SignInAsync("first.admin@example.com", "First-Passw0rd!");
        Assert.DoesNotContain("First-Passw0rd!", await page.ContentAsync());
        Assert.Empty(errors);
    }

    /// <summary>A fresh account (not the owner, whom other scenarios sign in as) in the owner's team.</summary>
    private async Task<string> NewAccountAsync(string password)
    {
        var email = $"sessions-{Guid.NewGuid():N}@example.com";
        var owner = await app.OwnerAsync();
        using var scope = app.App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AgentHubUser>>();
        var user = new AgentHubUser { UserName = email, Email = email };
        Assert.True((await users.CreateAsync(user, password)).Succeeded);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AgentHubDbContext>>().CreateDbContextAsync();
        db.TeamMembers.Add(new TeamMember { TeamId = owner.TeamId, UserId = user.Id, Role = TeamRole.Viewer, AddedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        return email;
    }

    /// <summary>A browser context signed in as <paramref name="email"/> with the Credentials page open on its live circuit.</summary>
    private async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> OpenSessionAsync(string email, string password)
    {
        var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        await new LoginPage(page, app.BaseUrl).SignInAsync(email, password);
        await Expect(page.Locator("[data-interactive='true']")).ToBeAttachedAsync();
        return (context, page, errors);
    }

    private static async Task OpenAccountMenuItemAsync(IPage page, string item)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Account menu" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = item, Exact = true }).ClickAsync();
    }

    [Fact]
    public async Task SignOutEverywhereShouldEndTheOtherBrowsersOpenPage()
    {
        const string password = "Sessions-Passw0rd!";
        var email = await NewAccountAsync(password);
        var (otherContext, other, otherErrors) = await OpenSessionAsync(email, password);
        await using var _ = otherContext;
        var (hereContext, here, hereErrors) = await OpenSessionAsync(email, password);
        await using var __ = hereContext;

        await OpenAccountMenuItemAsync(here, "Sign out everywhere");
        await here.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere", Exact = true }).ClickAsync();

        await Expect(here).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login$"));
        // The other browser did nothing: its open circuit notices the new security stamp by itself.
        await Expect(other).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"), new() { Timeout = 15_000 });
        await other.GotoAsync(new Uri(app.BaseUrl, "agent-hub/credentials").AbsoluteUri);
        await Expect(other).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        Assert.Empty(hereErrors);
    }

    [Fact]
    public async Task ChangingThePasswordShouldEndTheOtherBrowsersOpenPageButKeepThisOne()
    {
        const string password = "Sessions-Passw0rd!";
        var email = await NewAccountAsync(password);
        var (otherContext, other, _) = await OpenSessionAsync(email, password);
        await using var _1 = otherContext;
        var (hereContext, here, hereErrors) = await OpenSessionAsync(email, password);
        await using var _2 = hereContext;

        await OpenAccountMenuItemAsync(here, "Change password");
        await here.GetByLabel("Current password", new() { Exact = true }).FillAsync(password);
        await here.GetByLabel("New password", new() { Exact = true }).FillAsync("Changed-Passw0rd!");
        await here.GetByLabel("Confirm new password", new() { Exact = true }).FillAsync("Changed-Passw0rd!");
        await here.GetByRole(AriaRole.Button, new() { Name = "Change password", Exact = true }).ClickAsync();

        await Expect(here.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password is changed");
        await Expect(other).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"), new() { Timeout = 15_000 });
        await here.GotoAsync(new Uri(app.BaseUrl, "agent-hub/credentials").AbsoluteUri);
        await Expect(here.Locator("[data-interactive='true']")).ToBeAttachedAsync();
        await Expect(here).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/agent-hub/credentials$"));
        Assert.DoesNotContain("Changed-Passw0rd!", await here.ContentAsync());
        Assert.Empty(hereErrors);
    }
}
