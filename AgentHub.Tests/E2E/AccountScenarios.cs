using System.Net;
using AgentHub.Tests.E2E.Pages;
using AgentHub.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
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
}
