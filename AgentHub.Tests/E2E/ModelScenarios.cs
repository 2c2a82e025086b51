using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentHub.Tests.E2E;

/// <summary>Models connected, tested, orphaned by a credential's deletion and recovered, in the real app.</summary>
public sealed class ModelScenarios(AgentHubE2EFixture app) : E2EScenario(app)
{

    [Fact]
    public Task DeletingACredentialShouldListItsModelsAndLeaveThemInvalidUntilMoved() => Browser.RunAsync(nameof(DeletingACredentialShouldListItsModelsAndLeaveThemInvalidUntilMoved), async () =>
    {
        var credentials = Browser.Credentials;
        var models = Browser.Models;
        await credentials.GotoAsync();
        await credentials.CreateAsync("Team OpenAI", "OpenAI", new Dictionary<string, string> { ["API Key"] = App.Fakes.OpenAi.ValidKey });
        await credentials.CreateAsync("Backup OpenAI", "OpenAI", new Dictionary<string, string> { ["API Key"] = App.Fakes.OpenAi.ValidKey });
        await credentials.ExpectStatusAsync("Backup OpenAI", "Verified");

        await models.GotoAsync();
        await models.ConnectAsync("Team OpenAI", "gpt-4o");
        await models.ConnectAsync("Team OpenAI", "gpt-4o-mini");
        await models.ExpectStatusAsync("gpt-4o", "Connected");

        await models.RowActionAsync("gpt-4o", "Test");
        await Expect(models.Dialog).ToContainTextAsync("Pong");
        await Expect(models.Dialog).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"answered in \d+ ms"));
        await models.ClickDialogButtonAsync("Close");
        await models.ExpectDialogClosedAsync();

        await credentials.GotoAsync();
        await Expect(credentials.Row("Team OpenAI").GetByRole(AriaRole.Cell).Nth(5)).ToHaveTextAsync("2");
        await credentials.RowActionAsync("Team OpenAI", "Delete");
        await Expect(credentials.Dialog).ToContainTextAsync("Delete credential 'Team OpenAI'?");
        await Expect(credentials.Dialog).ToContainTextAsync("2 models use this credential and will become invalid:");
        await Expect(credentials.Dialog.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["gpt-4o", "gpt-4o-mini"]);
        await credentials.ClickDialogButtonAsync("Delete");
        await credentials.ExpectDialogClosedAsync();

        await models.GotoAsync();
        await models.ExpectStatusAsync("gpt-4o", "Invalid");
        await models.ExpectStatusAsync("gpt-4o-mini", "Invalid");
        await Expect(models.Row("gpt-4o")).ToContainTextAsync("Credential 'Team OpenAI' was deleted");

        await models.RowActionAsync("gpt-4o", "Edit");
        await models.ChooseAsync("Credential", "Backup OpenAI");
        await models.ClickDialogButtonAsync("Save");
        await models.ExpectDialogClosedAsync();

        await models.ExpectStatusAsync("gpt-4o", "Connected");
        await Expect(models.Row("gpt-4o").GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("Backup OpenAI");
        await models.ExpectStatusAsync("gpt-4o-mini", "Invalid");
    });
}
