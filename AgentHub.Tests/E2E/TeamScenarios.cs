using AgentHub.Core.Accounts;
using AgentHub.Core.Credentials;
using AgentHub.Core.Persistence;
using AgentHub.Core.Teams;
using AgentHub.Tests.E2E.Pages;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentHub.Tests.E2E;

/// <summary>Roles and teams in the browser: a Viewer sees no actions; the switcher moves between teams.</summary>
public sealed class TeamScenarios(AgentHubE2EFixture app) : E2EScenario(app)
{
    private async Task SeedCredentialAsync(Actor actor, string name)
    {
        var credentials = App.Service<CredentialService>();
        var created = await credentials.CreateAsync(actor, new() { Name = name, ProviderId = "gemini", Values = { ["apiKey"] = App.Fakes.Gemini.ValidKey } });
        await credentials.VerifyAsync(actor, created.Value!.Id);
    }

    [Fact]
    public Task AnAdminShouldAddAViewerWhoThenSeesNoEditAction() => Browser.RunAsync(nameof(AnAdminShouldAddAViewerWhoThenSeesNoEditAction), async () =>
    {
        var owner = await App.OwnerAsync();
        await SeedCredentialAsync(owner, "Shared Gemini");
        var email = $"viewer-{Guid.NewGuid():N}@example.com";
        await Browser.Credentials.GotoAsync();
        await Browser.Page.GetByRole(AriaRole.Tab, new() { Name = "Members" }).ClickAsync();
        await Browser.Page.GetByLabel("Member email", new() { Exact = true }).FillAsync(email);
        await Browser.Page.GetByLabel("Temporary password", new() { Exact = true }).FillAsync("Viewer-Passw0rd!");
        Browser.Remember("Viewer-Passw0rd!");
        await Browser.Page.GetByRole(AriaRole.Button, new() { Name = "Add member", Exact = true }).ClickAsync();
        await Expect(Browser.Page.GetByRole(AriaRole.Table, new() { Name = "Members" })).ToContainTextAsync(email);

        await using var context = await App.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await new LoginPage(page, App.BaseUrl).SignInAsync(email, "Viewer-Passw0rd!");
        var credentials = new CredentialsPage(page, App.BaseUrl, []);
        var models = new ModelsPage(page, App.BaseUrl, []);

        await credentials.WaitForCircuitAsync();
        await credentials.ExpectStatusAsync("Shared Gemini", "Verified");
        await Expect(credentials.CreateButton).ToHaveCountAsync(0);
        await Expect(credentials.Main.GetByRole(AriaRole.Button, new() { Name = "Actions for Shared Gemini" })).ToHaveCountAsync(0);
        await models.GotoAsync();
        await Expect(models.ConnectButton).ToHaveCountAsync(0);
    });

    [Fact]
    public Task ANewTeamAndTheSwitcherShouldKeepEachTeamsCredentialsApart() => Browser.RunAsync(nameof(ANewTeamAndTheSwitcherShouldKeepEachTeamsCredentialsApart), async () =>
    {
        var owner = await App.OwnerAsync();
        await SeedCredentialAsync(owner, "First team key");
        var page = Browser.Credentials;
        await page.GotoAsync();
        await page.ExpectStatusAsync("First team key", "Verified");

        await Browser.Page.GetByRole(AriaRole.Button, new() { Name = "New team", Exact = true }).ClickAsync();
        await page.Dialog.GetByLabel("Team name", new() { Exact = true }).FillAsync("Second team");
        await page.ClickDialogButtonAsync("Create team");
        await page.WaitForCircuitAsync();
        await Expect(page.Main).ToContainTextAsync("No credentials yet");

        var second = (await App.Service<TeamService>().ListTeamsAsync(owner.UserId)).Single(t => t.Name == "Second team");
        await SeedCredentialAsync(new Actor(owner.UserId, second.TeamId), "Second team key");
        await page.GotoAsync();
        await page.ExpectStatusAsync("Second team key", "Verified");
        await Expect(page.Row("First team key")).ToHaveCountAsync(0);

        await Browser.Page.GetByLabel("Team", new() { Exact = true }).ClickAsync();
        await Browser.Page.GetByRole(AriaRole.Option).Filter(new() { HasText = "Default team" }).ClickAsync();
        await page.WaitForCircuitAsync();
        await page.ExpectStatusAsync("First team key", "Verified");
        await Expect(page.Row("Second team key")).ToHaveCountAsync(0);
    });
}
