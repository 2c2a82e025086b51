using Microsoft.Playwright;

namespace AgentHub.Bench.Runner;

/// <summary>An app under test: its address, its server process, and the signed-in browser state it needs.</summary>
public sealed record Target(string Name, Uri BaseUrl, int Pid)
{
    /// <summary>The name of the bare MudBlazor app (bench/Floor) when it is the second target.</summary>
    public const string Floor = "Floor";

    /// <summary>Cookies of a signed-in session (Agent Hub), reused by every fresh browser context.</summary>
    public string? StorageState { get; set; }

    /// <summary>The Unix socket bench/MemoryHook answers on in the app's process, or null (no memory probe).</summary>
    public string? MemorySocket { get; init; }

    public Uri Tab(string tab) => new(BaseUrl, $"agent-hub/{tab}");

    /// <summary>A fresh context (cold cache) holding the target's sign-in, with the instrumentation injected.</summary>
    public async Task<IBrowserContext> NewContextAsync(IBrowser browser, string instrumentation)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new() { Width = 1400, Height = 900 },
            StorageState = StorageState,
        });
        await context.AddInitScriptAsync(instrumentation);
        return context;
    }

    /// <summary>Signs in through the login form once; later contexts reuse the cookie.</summary>
    public async Task SignInAsync(IBrowser browser, string email, string password)
    {
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(BaseUrl, "account/login").AbsoluteUri);
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/agent-hub/", StringComparison.Ordinal), new() { Timeout = 120_000 });
        StorageState = await context.StorageStateAsync();
        await CloseAsync(context);
    }

    /// <summary>
    /// Leaves every page first (Blazor then tells the server to drop the circuit right away instead of
    /// keeping it for a reconnect), then closes the context.
    /// </summary>
    public static async Task CloseAsync(IBrowserContext context)
    {
        foreach (var page in context.Pages)
        {
            try
            {
                await page.GotoAsync("about:blank", new() { Timeout = 30_000 });
            }
            catch (PlaywrightException)
            {
                // A page that cannot leave is closed with the context anyway.
            }
        }

        await context.CloseAsync();
    }
}
