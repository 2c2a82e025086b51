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
    public async Task AViewerShouldSeeBothTabsWithoutAnyEditAction()
    {
        var owner = await App.OwnerAsync();
        await SeedCredentialAsync(owner, "Shared Gemini");
        using (var scope = App.App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AgentHubUser>>();
            if (await users.FindByEmailAsync("viewer@example.com") is null)
            {
                Assert.True((await users.CreateAsync(new AgentHubUser { UserName = "viewer@example.com", Email = "viewer@example.com" }, "Viewer-Passw0rd!")).Succeeded);
            }
        }

        var added = await App.Service<TeamService>().AddMemberAsync(owner, "viewer@example.com", TeamRole.Viewer);
        Assert.True(added.Succeeded, added.Error?.Message);
        await using var context = await App.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await new LoginPage(page, App.BaseUrl).SignInAsync("viewer@example.com", "Viewer-Passw0rd!");
        var credentials = new CredentialsPage(page, App.BaseUrl, []);
        var models = new ModelsPage(page, App.BaseUrl, []);

        await credentials.WaitForCircuitAsync();
        await credentials.ExpectStatusAsync("Shared Gemini", "Verified");
        await Expect(credentials.CreateButton).ToHaveCountAsync(0);
        await Expect(credentials.Main.GetByRole(AriaRole.Button, new() { Name = "Actions for Shared Gemini" })).ToHaveCountAsync(0);
        await models.GotoAsync();
        await Expect(models.ConnectButton).ToHaveCountAsync(0);
    }

    [Fact]
    public Task TheTeamSwitcherShouldShowTheChosenTeamsCredentials() => Browser.RunAsync(nameof(TheTeamSwitcherShouldShowTheChosenTeamsCredentials), async () =>
    {
        var owner = await App.OwnerAsync();
        await SeedCredentialAsync(owner, "First team key");
        var second = new Actor(owner.UserId, Guid.NewGuid());
        await using (var db = await App.App.Services.GetRequiredService<IDbContextFactory<AgentHubDbContext>>().CreateDbContextAsync())
        {
            db.Teams.Add(new Team { Id = second.TeamId, Name = "Second team", CreatedAt = DateTime.UtcNow });
            db.TeamMembers.Add(new TeamMember { TeamId = second.TeamId, UserId = owner.UserId, Role = TeamRole.Admin, AddedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        await SeedCredentialAsync(second, "Second team key");
        var page = Browser.Credentials;
        await page.GotoAsync();
        await page.ExpectStatusAsync("First team key", "Verified");

        await Browser.Page.GetByLabel("Team", new() { Exact = true }).ClickAsync();
        await Browser.Page.GetByRole(AriaRole.Option).Filter(new() { HasText = "Second team" }).ClickAsync();

        await page.WaitForCircuitAsync();
        await page.ExpectStatusAsync("Second team key", "Verified");
        await Expect(page.Row("First team key")).ToHaveCountAsync(0);
    });
}
