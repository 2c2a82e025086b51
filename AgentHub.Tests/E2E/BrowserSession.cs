using AgentHub.Tests.E2E.Pages;
using AgentHub.Tests.Support;
using Microsoft.Playwright;

namespace AgentHub.Tests.E2E;

/// <summary>
/// One scenario's fresh browser context with its pages, the console it collects, and the checks
/// every scenario ends with: no typed secret in the page's HTML or the console, no console error.
/// A failing scenario leaves a screenshot under TestResults/e2e/.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly List<string> _console = [];
    private readonly List<string> _errors = [];
    private readonly List<string> _typedSecrets = [];
    private readonly IBrowserContext _context;

    private BrowserSession(IBrowserContext context, IPage page, Uri baseUrl)
    {
        _context = context;
        Page = page;
        Credentials = new CredentialsPage(page, baseUrl, _typedSecrets);
        Models = new ModelsPage(page, baseUrl, _typedSecrets);
        page.Console += (_, message) =>
        {
            _console.Add(message.Text);
            if (message.Type == "error")
            {
                _errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => _errors.Add(error);
    }

    public IPage Page { get; }

    public CredentialsPage Credentials { get; }

    public ModelsPage Models { get; }

    /// <summary>Secrets typed outside the page objects (seeded keys) that must not show either.</summary>
    public void Remember(string secret) => _typedSecrets.Add(secret);

    public static async Task<BrowserSession> StartAsync(AgentHubE2EFixture fixture)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1400, Height = 900 } });
        return new BrowserSession(context, await context.NewPageAsync(), fixture.BaseUrl);
    }

    /// <summary>Runs the scenario, then the leak and console checks; on failure saves a screenshot named after it.</summary>
    public async Task RunAsync(string name, Func<Task> scenario)
    {
        try
        {
            await scenario();
            var html = await Page.ContentAsync();
            foreach (var secret in _typedSecrets.Distinct())
            {
                Assert.False(html.Contains(secret, StringComparison.Ordinal), $"A typed secret is in the page's HTML after '{name}'.");
                Assert.False(_console.Any(c => c.Contains(secret, StringComparison.Ordinal)), $"A typed secret is in the console after '{name}'.");
            }

            Assert.True(_errors.Count == 0, $"Console errors during '{name}': {string.Join(" | ", _errors)}");
        }
        catch
        {
            var folder = Directory.CreateDirectory(System.IO.Path.Combine(RepositoryPaths.Root, "AgentHub.Tests", "TestResults", "e2e")).FullName;
            await Page.ScreenshotAsync(new() { Path = System.IO.Path.Combine(folder, $"{name}.png"), FullPage = true });
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
