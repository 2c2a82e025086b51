using AgentHub.Tests.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentHub.Tests.E2E;

/// <summary>
/// A restart of the app while an admin types: its own app (stopped and started on the same port and
/// data folder) behind the shared browser and fakes.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class RestartScenarios(AgentHubE2EFixture fixture) : IAsyncLifetime
{
    private const string StorageText = "() => JSON.stringify(Object.entries(sessionStorage)) + JSON.stringify(Object.entries(localStorage))";
    private readonly List<string> _typedSecrets = [];
    private readonly List<string> _console = [];
    private RestartableApp _app = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        fixture.Fakes.ResetAll();
        _app = new RestartableApp(fixture.Fakes.OperatorSettings(), FakeProviders.TrustTheFakes);
        await _app.StartAsync();
        await AccountForms.CreateOwnerAsync(_app.Services);
        _context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1400, Height = 900 } });
        _page = await _context.NewPageAsync();
        _page.Console += (_, message) => _console.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {message.Type}: {message.Text}");
        await new LoginPage(_page, _app.BaseUrl).SignInAsync(AccountForms.OwnerEmail, AccountForms.OwnerPassword);
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ARestartShouldKeepTheTypedValuesOfTheCreateDialogAndAskForTheKeyAgain()
    {
        try
        {
            var page = new CredentialsPage(_page, _app.BaseUrl, _typedSecrets);
            await page.GotoAsync();
            await page.CreateButton.ClickAsync();
            await page.FillAsync("Name", "Typed before restart");
            await page.FillAsync("Description", "Research org");
            await page.ChooseAsync("Provider", "OpenAI");
            await page.FillAsync("Organization ID", fixture.Fakes.OpenAi.Organization);
            await page.FillAsync("API Key", fixture.Fakes.OpenAi.ValidKey, secret: true);
            // The draft names the typed key field (never its value) once the browser wrote it.
            await _page.WaitForFunctionAsync("() => Object.values(sessionStorage).some(v => v.includes('org-fake') && v.includes('\"apiKey\"'))");

            _console.Add($"{DateTime.UtcNow:HH:mm:ss.fff} test: restarting");
            await _app.RestartAsync();
            _console.Add($"{DateTime.UtcNow:HH:mm:ss.fff} test: restarted");

            await Expect(_page.Locator(".mud-dialog")).ToContainTextAsync("The page reloaded (the app may have restarted)", new() { Timeout = 60_000 });
            await page.WaitForCircuitAsync();
            await Expect(page.Dialog.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Typed before restart");
            await Expect(page.Dialog.GetByLabel("Description", new() { Exact = true })).ToHaveValueAsync("Research org");
            await Expect(page.Dialog.GetByLabel("Organization ID", new() { Exact = true })).ToHaveValueAsync(fixture.Fakes.OpenAi.Organization);
            await Expect(page.Dialog.GetByLabel("API Key", new() { Exact = true })).ToHaveValueAsync("");
            await Expect(page.Dialog).ToContainTextAsync("Type the API Key again: secret fields are never kept in the browser.");
            var storage = await _page.EvaluateAsync<string>(StorageText);
            Assert.Contains("Typed before restart", storage);
            Assert.False(storage.Contains(fixture.Fakes.OpenAi.ValidKey, StringComparison.Ordinal), "The typed key is in the browser's sessionStorage or localStorage.");

            await page.FillAsync("API Key", fixture.Fakes.OpenAi.ValidKey, secret: true);
            await page.ClickDialogButtonAsync("Create");

            await page.ExpectDialogClosedAsync();
            await page.ExpectStatusAsync("Typed before restart", "Verified");
            await Expect(page.Row("Typed before restart")).ToContainTextAsync("Research org");
            Assert.DoesNotContain("Typed before restart", await _page.EvaluateAsync<string>(StorageText));
            Assert.False((await _page.ContentAsync()).Contains(fixture.Fakes.OpenAi.ValidKey, StringComparison.Ordinal), "The typed key is in the page's HTML.");
            Assert.DoesNotContain(_console, c => c.Contains(fixture.Fakes.OpenAi.ValidKey, StringComparison.Ordinal));
        }
        catch
        {
            var folder = Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "AgentHub.Tests", "TestResults", "e2e")).FullName;
            await _page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{nameof(ARestartShouldKeepTheTypedValuesOfTheCreateDialogAndAskForTheKeyAgain)}.png"), FullPage = true });
            await File.WriteAllLinesAsync(Path.Combine(folder, $"{nameof(ARestartShouldKeepTheTypedValuesOfTheCreateDialogAndAskForTheKeyAgain)}.console.txt"), _console);
            throw;
        }
    }
}
