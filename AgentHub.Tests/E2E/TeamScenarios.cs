using AgentHub.Core.Accounts;
using AgentHub.Core.Persistence;
using AgentHub.Tests.E2E.Pages;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentHub.Tests.E2E;

/// <summary>Roles and teams in the browser: a Viewer sees no actions; the switcher moves between teams.</summary>
public sealed class TeamScenarios(AgentHubE2EFixture app) : E2EScenario(app)
{
    private async Task SeedCredentialAsync(Actor actor, string name)
    {
        var changes = App.Service<CredentialChanges>();
        var created = await changes.CreateAsync(actor, new() { Name = name, ProviderId = ProviderIds.Gemini, Values = { ["apiKey"] = App.Fakes.Gemini.ValidKey } });
        await App.Service<CredentialVerification>().VerifyAsync(actor, created.ValueOrFail().Id);
    }

    [Fact]
    public Task AnInvitedViewerShouldSetTheirOwnPasswordOnTheLinkAndSeeNoEditAction() => Browser.RunAsync(nameof(AnInvitedViewerShouldSetTheirOwnPasswordOnTheLinkAndSeeNoEditAction), async () =>
    {
        var owner = await App.OwnerAsync();
        await SeedCredentialAsync(owner, "Shared Gemini");
        var email = $"viewer-{Guid.NewGuid():N}@example.com";
        await Browser.Credentials.GotoAsync();
        await Browser.Page.GetByRole(AriaRole.Tab, new() { Name = "Members" }).ClickAsync();
        Assert.Equal(0, await Browser.Page.Locator("input[type='password']").CountAsync());
        await Browser.Page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await Browser.Page.GetByRole(AriaRole.Button, new() { Name = "Invite", Exact = true }).ClickAsync();
        var link = await Browser.Page.GetByLabel("Invitation link", new() { Exact = true }).InputValueAsync();
        var members = Browser.Page.GetByRole(AriaRole.Table, new() { Name = "Members" });
        await Expect(members.GetByRole(AriaRole.Row).Filter(new() { HasText = email })).ToContainTextAsync("Invited");

        await using var context = await App.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(link);
        await Expect(page.GetByText($"{email} is invited to join Default team as Viewer")).ToBeVisibleAsync();
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("Viewer-Passw0rd!");
        await page.GetByLabel("Confirm password", new() { Exact = true }).FillAsync("Viewer-Passw0rd!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account and join", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/agent-hub/credentials$"));
        var credentials = new CredentialsPage(page, App.BaseUrl, []);
        var models = new ModelsPage(page, App.BaseUrl, []);

        await credentials.WaitForCircuitAsync();
        await credentials.ExpectStatusAsync("Shared Gemini", "Verified");
        await Expect(credentials.CreateButton).ToHaveCountAsync(0);
        await Expect(credentials.Main.GetByRole(AriaRole.Button, new() { Name = "Actions for Shared Gemini" })).ToHaveCountAsync(0);
        await models.GotoAsync();
        await Expect(models.ConnectButton).ToHaveCountAsync(0);
        await Browser.Page.ReloadAsync();
        await Expect(members.GetByRole(AriaRole.Row).Filter(new() { HasText = email })).ToContainTextAsync("Member");
        Assert.Contains(email, (await App.Service<TeamService>().ListMembersAsync(owner)).Select(m => m.Email));
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
