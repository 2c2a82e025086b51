using AgentHub.Tests.E2E.Pages;
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
    private readonly List<byte[]> _received = [];
    private readonly IBrowserContext _context;

    private BrowserSession(IBrowserContext context, IPage page, Uri baseUrl)
    {
        _context = context;
        Page = page;
        Credentials = new CredentialsPage(page, baseUrl, _typedSecrets);
        Models = new ModelsPage(page, baseUrl, _typedSecrets);
        AgentKeys = new AgentKeysPage(page, baseUrl, _typedSecrets);
        Alerts = new AlertsPage(page, baseUrl, _typedSecrets);
        page.Console += (_, message) =>
        {
            _console.Add(message.Text);
            if (message.Type == "error")
            {
                _errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => _errors.Add(error);
        // Everything the server pushes to this page over the circuit (render batches are binary).
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
        {
            lock (_received)
            {
                _received.Add(frame.Binary ?? System.Text.Encoding.UTF8.GetBytes(frame.Text ?? ""));
            }
        };
    }

    public IPage Page { get; }

    public CredentialsPage Credentials { get; }

    public ModelsPage Models { get; }

    public AgentKeysPage AgentKeys { get; }

    public AlertsPage Alerts { get; }

    /// <summary>Secrets typed outside the page objects (seeded keys) that must not show either.</summary>
    public void Remember(string secret) => _typedSecrets.Add(secret);

    /// <summary>Forgets what the server sent so far, to check only what a fresh page receives.</summary>
    public void ForgetReceived()
    {
        lock (_received)
        {
            _received.Clear();
        }
    }

    /// <summary>The messages the server sent over the circuit since <see cref="ForgetReceived"/>, in order, as text.</summary>
    public IReadOnlyList<string> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received.Select(m => System.Text.Encoding.UTF8.GetString(m))];
            }
        }
    }

    /// <summary>Waits until the circuit has sent nothing for a second (at most 15 s).</summary>
    public async Task WaitForQuietCircuitAsync()
    {
        var (count, quietSince, started) = (-1, DateTime.UtcNow, DateTime.UtcNow);
        while (DateTime.UtcNow - quietSince < TimeSpan.FromSeconds(1) && DateTime.UtcNow - started < TimeSpan.FromSeconds(15))
        {
            await Page.WaitForTimeoutAsync(100);
            int now;
            lock (_received)
            {
                now = _received.Count;
            }

            if (now != count)
            {
                (count, quietSince) = (now, DateTime.UtcNow);
            }
        }
    }

    /// <summary>
    /// Asserts that <paramref name="secret"/> is nowhere the browser holds it: the page's HTML, the
    /// values of its fields, and every frame the server sent since <see cref="ForgetReceived"/>.
    /// The failure message never quotes the secret.
    /// </summary>
    /// <param name="secret">The text that must not be there.</param>
    /// <param name="when">Words for the failure message.</param>
    /// <param name="visibleText">Text the server did send (shown on the page), proving the frames are readable.</param>
    public async Task AssertNotInBrowserAsync(string secret, string when, string visibleText)
    {
        var html = await Page.ContentAsync();
        var values = await Page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('input, textarea')].map(e => e.value)");
        string frames;
        lock (_received)
        {
            frames = string.Concat(_received.Select(b => System.Text.Encoding.UTF8.GetString(b)));
        }

        Assert.False(html.Contains(secret, StringComparison.Ordinal), $"The secret is in the page's HTML {when}.");
        Assert.False(values.Any(v => v.Contains(secret, StringComparison.Ordinal)), $"The secret is in a field's value {when}.");
        Assert.False(frames.Contains(secret, StringComparison.Ordinal), $"The server sent the secret to the browser {when}.");
        Assert.True(frames.Contains(visibleText, StringComparison.Ordinal), $"'{visibleText}' is not in the captured circuit traffic, so the check above proved nothing.");
    }

    public static Task<BrowserSession> StartAsync(AgentHubE2EFixture fixture) => StartAsync(fixture.Browser, fixture.BaseUrl);

    /// <summary>A session signed in as the owner to the app at <paramref name="baseUrl"/> (a scenario's own app).</summary>
    public static async Task<BrowserSession> StartAsync(IBrowser browser, Uri baseUrl)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        await new LoginPage(page, baseUrl).SignInAsync(AccountForms.OwnerEmail, AccountForms.OwnerPassword);
        return new BrowserSession(context, page, baseUrl);
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
