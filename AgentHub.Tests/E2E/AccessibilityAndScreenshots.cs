using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentHub.Tests.E2E;

/// <summary>
/// An axe scan of both tabs and of each dialog, with no serious or critical violation allowed;
/// on the way it writes the README's pictures to docs/images/.
/// </summary>
public sealed class AccessibilityAndScreenshots(AgentHubE2EFixture app) : E2EScenario(app)
{
    private readonly List<string> _violations = [];

    [Fact]
    public Task BothTabsAndEveryDialogShouldHaveNoSeriousOrCriticalViolation() => Browser.RunAsync(nameof(BothTabsAndEveryDialogShouldHaveNoSeriousOrCriticalViolation), async () =>
    {
        var credentials = Browser.Credentials;
        var models = Browser.Models;
        await credentials.GotoAsync();
        await ScanAsync("Credentials tab, empty");

        await credentials.CreateAsync("Production OpenAI", "OpenAI", new Dictionary<string, string> { ["API Key"] = App.Fakes.OpenAi.ValidKey });
        await credentials.CreateAsync("Research Claude", "Anthropic", new Dictionary<string, string> { ["API Key"] = App.Fakes.Anthropic.ValidKey });
        await credentials.CreateAsync("Typo key", "Gemini", new Dictionary<string, string> { ["API Key"] = "AIza-not-the-right-key-0000" });
        await credentials.ExpectStatusAsync("Typo key", "Failed");
        await ScanAsync("Credentials tab");
        await ScreenshotAsync("credentials-tab.png");

        await credentials.CreateButton.ClickAsync();
        await credentials.FillAsync("Name", "Team Vertex");
        await credentials.ChooseAsync("Provider", "Vertex AI");
        await Expect(credentials.Dialog.GetByLabel("Service Account Key (JSON)", new() { Exact = true })).ToBeVisibleAsync();
        await ScanAsync("Create dialog");
        await ScreenshotAsync("create-dialog.png");
        await credentials.ClickDialogButtonAsync("Cancel");
        await credentials.ExpectDialogClosedAsync();

        await credentials.RowActionAsync("Production OpenAI", "Edit");
        await Expect(credentials.Dialog.GetByText("Leave blank to keep the current key")).ToBeVisibleAsync();
        await ScanAsync("Edit dialog");
        await credentials.ClickDialogButtonAsync("Cancel");
        await credentials.ExpectDialogClosedAsync();

        await models.GotoAsync();
        await ScanAsync("Models tab, empty");
        await models.ConnectAsync("Production OpenAI", "gpt-4o");
        await models.ConnectAsync("Research Claude", "claude-sonnet-4-5");
        await models.ConnectButton.ClickAsync();
        await Expect(models.Dialog.GetByLabel("Credential", new() { Exact = true })).ToBeVisibleAsync();
        await ScanAsync("Connect Model dialog");
        await models.ClickDialogButtonAsync("Cancel");
        await models.ExpectDialogClosedAsync();
        await ScanAsync("Models tab");
        await ScreenshotAsync("models-tab.png");

        await models.RowActionAsync("gpt-4o", "Test");
        await Expect(models.Dialog).ToContainTextAsync("Pong");
        await ScanAsync("Test dialog");
        await models.ClickDialogButtonAsync("Close");
        await models.ExpectDialogClosedAsync();

        await credentials.GotoAsync();
        await credentials.RowActionAsync("Production OpenAI", "Delete");
        await Expect(credentials.Dialog).ToContainTextAsync("1 model uses this credential");
        await ScanAsync("Delete dialog");
        await credentials.ClickDialogButtonAsync("Cancel");
        await credentials.ExpectDialogClosedAsync();

        await Browser.Page.GetByRole(AriaRole.Tab, new() { Name = "Activity" }).ClickAsync();
        await Expect(Browser.Page.GetByRole(AriaRole.Table, new() { Name = "Activity" })).ToContainTextAsync("Model tested");
        await ScanAsync("Activity tab");
        await Browser.Page.GetByRole(AriaRole.Tab, new() { Name = "Members" }).ClickAsync();
        await Expect(Browser.Page.GetByRole(AriaRole.Table, new() { Name = "Members" })).ToContainTextAsync(AgentHub.Tests.Support.AccountForms.OwnerEmail);
        await ScanAsync("Members tab");
        await Browser.Page.GetByRole(AriaRole.Tab, new() { Name = "Usage" }).ClickAsync();
        await Expect(Browser.Page.GetByText("Latency p50")).ToBeVisibleAsync();
        await ScanAsync("Usage tab");
        await Browser.Page.GetByRole(AriaRole.Tab, new() { Name = "Alerts" }).ClickAsync();
        await Expect(Browser.Page.GetByLabel("Webhook URL")).ToBeVisibleAsync();
        await ScanAsync("Alerts tab");

        var keys = Browser.AgentKeys;
        await keys.GotoAsync();
        await ScanAsync("Agent keys tab, empty");
        await keys.CreateButton.ClickAsync();
        await keys.FillAsync("Name", "support-bot");
        await ScanAsync("Create agent key dialog");
        await keys.ClickDialogButtonAsync("Create");
        await Expect(keys.Dialog).ToContainTextAsync("You will not see this key again.");
        Browser.Remember(await keys.Dialog.GetByLabel("Agent key", new() { Exact = true }).InputValueAsync());
        await ScanAsync("Agent key shown once");
        await keys.ClickDialogButtonAsync("Done");
        await keys.ExpectDialogClosedAsync();
        await ScanAsync("Agent keys tab");

        await using (var signedOut = await App.Browser.NewContextAsync())
        {
            var login = await signedOut.NewPageAsync();
            await login.GotoAsync(new Uri(App.BaseUrl, "account/login").AbsoluteUri);
            var result = await login.RunAxe();
            _violations.AddRange(result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"Sign-in page: {v.Id} ({v.Impact}) {v.Help}"));
        }

        Assert.True(_violations.Count == 0, "Serious or critical accessibility violations:\n" + string.Join("\n", _violations));
    });

    private async Task ScanAsync(string where)
    {
        // A snackbar fading in or out is half transparent; scan once every one is fully shown or gone.
        await Browser.Page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('.mud-snackbar')].every(e => getComputedStyle(e).opacity === '1')");
        var result = await Browser.Page.RunAxe();
        foreach (var violation in result.Violations.Where(v => v.Impact is "serious" or "critical"))
        {
            var targets = string.Join(", ", violation.Nodes.Take(3).Select(n => n.Target?.ToString()));
            _violations.Add($"{where}: {violation.Id} ({violation.Impact}) {violation.Help} at {targets}");
        }
    }

    /// <summary>
    /// Saves a screenshot under TestResults/screenshots; with AGENTHUB_UPDATE_DOC_IMAGES=1 into
    /// docs/images instead, so an ordinary test run leaves the README's pictures (and the work tree) alone.
    /// </summary>
    private Task ScreenshotAsync(string file)
    {
        var folder = Environment.GetEnvironmentVariable("AGENTHUB_UPDATE_DOC_IMAGES") == "1"
            ? Path.Combine(RepositoryPaths.Root, "docs", "images")
            : Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "AgentHub.Tests", "TestResults", "screenshots")).FullName;
        return Browser.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, file) });
    }
}
