using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentHub.Tests.E2E.Pages;

/// <summary>The sign-in and setup pages (plain forms, served without the live circuit).</summary>
public sealed class LoginPage(IPage page, Uri baseUrl)
{
    public async Task SignInAsync(string email, string password)
    {
        await page.GotoAsync(new Uri(baseUrl, "account/login").AbsoluteUri);
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/agent-hub/credentials$"));
    }

    public async Task SetUpAsync(string email, string password, string team)
    {
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Team name", new() { Exact = true }).FillAsync(team);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create owner account", Exact = true }).ClickAsync();
    }
}
