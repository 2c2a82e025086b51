using System.Text.Json;
using Microsoft.Playwright;

namespace AgentHub.Bench.Runner;

/// <summary>
/// The measurements, each in a fresh browser context. Times come from the page's own clock
/// (performance.now() and event timestamps, see Instrumentation.js), not from round trips to Playwright.
/// </summary>
public sealed class Probes(IBrowser browser, Samples samples)
{
    private static readonly float Patience = float.Parse(Environment.GetEnvironmentVariable("BENCH_PATIENCE_MS") ?? "300000");

    /// <summary>How many times each dialog is opened and cancelled in one interaction probe (a dialog's time varies more than the rest).</summary>
    private static readonly int DialogRepeats = int.Parse(Environment.GetEnvironmentVariable("BENCH_DIALOG_REPEATS") ?? "1");
    private static readonly string Script = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Instrumentation.js"));

    private static string Instrumentation(TabSpec tab, bool clickLoop) =>
        Script.Replace("CFG", JsonSerializer.Serialize(new { rowSelector = TabSpec.RowSelector, button = tab.Button, clickLoop }));

    private const string TraceScript = """
        () => JSON.stringify({
          origin: performance.timeOrigin, interactiveAt: Math.round(window.__bench.interactiveAt), firstRowDom: Math.round(window.__bench.firstRowDom),
          dialogAt: Math.round(window.__bench.dialogAt), clicks: window.__bench.clicks, buttonAtInteractive: window.__bench.buttonAtInteractive, mutations: window.__bench.mutations.join(' '), clickTimes: window.__bench.clickTimes.join(' '),
          nav: (n => ({ responseStart: Math.round(n.responseStart), responseEnd: Math.round(n.responseEnd), domInteractive: Math.round(n.domInteractive),
                        domContentLoaded: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd) }))(performance.getEntriesByType('navigation')[0]),
          resources: performance.getEntriesByType('resource').map(r => [r.name.replace(location.origin, ''), Math.round(r.startTime), Math.round(r.responseEnd), r.transferSize]),
        })
        """;

    /// <summary>
    /// Navigation → first row painted, and → the first click on the tab's button that opens its dialog.
    /// Cold: a fresh browser context, so nothing is cached (a first visit). Warm: the same tab loaded
    /// once before in the context (its files cached and compiled, as for an admin coming back), then
    /// left for about:blank and loaded again.
    /// </summary>
    public Task LoadAsync(Target target, TabSpec tab, bool warm = false) => InFreshContextAsync(target, tab, clickLoop: true, "load", async context =>
        {
            var page = await context.NewPageAsync();
            if (warm)
            {
                await LoadOnceAsync(page, target, tab);
                await page.GotoAsync("about:blank", new() { Timeout = Patience });
            }

            var chromeTrace = Environment.GetEnvironmentVariable("BENCH_CHROME_TRACE");
            ICDPSession? tracing = null;
            var traceEvents = new List<string>();
            var traceDone = new TaskCompletionSource();
            if (chromeTrace is { Length: > 0 })
            {
                tracing = await context.NewCDPSessionAsync(page);
                tracing.Event("Tracing.dataCollected").OnEvent += (_, e) =>
                {
                    if (e is { } json)
                    {
                        lock (traceEvents)
                        {
                            traceEvents.AddRange(json.GetProperty("value").EnumerateArray().Select(v => v.GetRawText()));
                        }
                    }
                };
                tracing.Event("Tracing.tracingComplete").OnEvent += (_, _) => traceDone.TrySetResult();
                await tracing.SendAsync("Tracing.start", new Dictionary<string, object>
                {
                    ["categories"] = "devtools.timeline,disabled-by-default-devtools.timeline,v8,blink,loading,disabled-by-default-v8.cpu_profiler",
                    ["transferMode"] = "ReportEvents",
                });
            }

            await LoadOnceAsync(page, target, tab);
            if (tracing is not null)
            {
                await tracing.SendAsync("Tracing.end");
                await traceDone.Task.WaitAsync(TimeSpan.FromSeconds(30));
                lock (traceEvents)
                {
                    File.WriteAllText(Path.Combine(chromeTrace!, $"{target.Name}-{tab.Title}{(warm ? "-warm" : "")}-{DateTime.UtcNow:HHmmssfff}.json"), "[" + string.Join(",\n", traceEvents) + "]");
                }
            }
            var firstRow = await page.EvaluateAsync<double>("() => window.__bench.firstRow");
            var dialog = await page.EvaluateAsync<double>("() => window.__bench.dialogAt");
            var cache = warm ? ", warm cache" : "";
            samples.Add(target.Name, $"{tab.Title}: page → first row{cache}", "ms", firstRow);
            samples.Add(target.Name, $"{tab.Title}: page → first click answered ({tab.Button}){cache}", "ms", dialog);
            if (Environment.GetEnvironmentVariable("BENCH_TRACE") == "1")
            {
                // Where the time to the first answered click goes: the page's navigation and resource entries.
                Console.Error.WriteLine($"trace {target.Name} {tab.Title}{cache}: " + await page.EvaluateAsync<string>(TraceScript));
            }
        });

    /// <summary>
    /// Loads the tab and waits until the page has both times. The page says so itself (a console message
    /// from Instrumentation.js): nothing of Playwright runs in the page meanwhile.
    /// </summary>
    private static async Task LoadOnceAsync(IPage page, Target target, TabSpec tab)
    {
        var measured = new TaskCompletionSource();
        void OnConsole(object? sender, IConsoleMessage message)
        {
            if (message.Text == "bench:done")
            {
                measured.TrySetResult();
            }
        }

        page.Console += OnConsole;
        try
        {
            await page.GotoAsync(target.Tab(tab.Route).AbsoluteUri, new() { WaitUntil = WaitUntilState.Commit, Timeout = Patience });
            await measured.Task.WaitAsync(TimeSpan.FromMilliseconds(Patience));
        }
        finally
        {
            page.Console -= OnConsole;
        }
    }

    /// <summary>On a live, settled page: click → dialog for the tab's dialogs, then search and clear.</summary>
    public Task InteractAsync(Target target, TabSpec tab) => InFreshContextAsync(target, tab, clickLoop: false, "interact", async context =>
        {
            var page = await OpenSettledAsync(context, target, tab);

            for (var i = 0; i < DialogRepeats; i++)
            {
                samples.Add(target.Name, $"Click → dialog: {tab.Dialog}", "ms",
                    await ClickToDialogAsync(page, page.GetByRole(AriaRole.Button, new() { Name = tab.Button, Exact = true })));
                await CancelDialogAsync(page);
            }

            for (var i = 0; i < (tab.EditDialog is null ? 0 : DialogRepeats); i++)
            {
                await page.Locator(TabSpec.RowSelector).First.Locator("button[aria-label^='Actions for']").ClickAsync();
                var item = page.GetByRole(AriaRole.Menuitem, new() { Name = "Edit", Exact = true });
                await item.WaitForAsync(new() { Timeout = Patience });
                samples.Add(target.Name, $"Click → dialog: {tab.EditDialog}", "ms", await ClickToDialogAsync(page, item));
                await CancelDialogAsync(page);
            }

            // The first row's first cell (its name): the rest of a row holds times relative to now ("Checked 22 min ago"),
            // which can change between this reading and the cleared search's, and the probe then waited for ever.
            await page.EvaluateAsync($"() => {{ const r = [...document.querySelectorAll('{TabSpec.RowSelector}')]; window.__bench.initial = {{ count: r.length, first: r[0].cells[0].textContent }}; }}");
            var search = page.GetByLabel(tab.SearchLabel, new() { Exact = true });
            samples.Add(target.Name, $"{tab.Title}: search keystroke → rows", "ms", await SearchAsync(search, BenchData.SearchWord));
            await SettleAsync(page);
            samples.Add(target.Name, $"{tab.Title}: clear search → all rows", "ms", await SearchAsync(search, ""));
        });

    /// <summary>
    /// Bytes of a first load until the page is live and quiet: the HTTP responses as they came over the
    /// wire (headers and compression included) and the circuit's WebSocket frames received, from the DevTools protocol
    /// (which shows frames decompressed), and both as counted by a TCP relay between Chromium and the app (compressed).
    /// </summary>
    public Task BytesAsync(Target target, TabSpec tab) => InFreshContextAsync(target, tab, clickLoop: false, "bytes", async context =>
        {
            await using var relay = new ByteRelay(target.BaseUrl);
            var page = await context.NewPageAsync();
            var devTools = await DevToolsBytes.CountAsync(context, page);
            await page.GotoAsync(new Uri(relay.BaseUrl, $"agent-hub/{tab.Route}").AbsoluteUri, new() { WaitUntil = WaitUntilState.Commit, Timeout = Patience });
            await WaitLiveAsync(page);
            await SettleAsync(page, quietMs: 1500);
            samples.Add(target.Name, $"{tab.Title}: first load, all HTTP (relay, wire)", "bytes", relay.HttpBytes);
            samples.Add(target.Name, $"{tab.Title}: first load, circuit websocket (relay, wire)", "bytes", relay.WebSocketBytes);
            samples.Add(target.Name, $"{tab.Title}: first load, total (relay, wire)", "bytes", relay.HttpBytes + relay.WebSocketBytes);
            var (html, http, frames) = devTools.Read();
            samples.Add(target.Name, $"{tab.Title}: first load, HTML document (wire)", "bytes", html);
            samples.Add(target.Name, $"{tab.Title}: first load, all HTTP (wire)", "bytes", http);
            samples.Add(target.Name, $"{tab.Title}: first load, circuit frames received (decoded)", "bytes", frames);
            samples.Add(target.Name, $"{tab.Title}: first load, total (frames decoded)", "bytes", http + frames);
        });

    /// <summary>Runs a probe in a fresh context, saves a screenshot if it times out, and leaves the context.</summary>
    private async Task InFreshContextAsync(Target target, TabSpec tab, bool clickLoop, string probe, Func<IBrowserContext, Task> body)
    {
        var context = await target.NewContextAsync(browser, Instrumentation(tab, clickLoop));
        try
        {
            await body(context);
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            await SaveFailureAsync(context, target, $"{probe}-{tab.Route}");
            throw;
        }
        finally
        {
            await Target.CloseAsync(context);
        }
    }

    /// <summary>A page of the tab in a fresh context, live and quiet. The caller closes the context.</summary>
    public async Task<IPage> OpenSettledAsync(IBrowserContext context, Target target, TabSpec tab)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(target.Tab(tab.Route).AbsoluteUri, new() { WaitUntil = WaitUntilState.Commit, Timeout = Patience });
        await WaitLiveAsync(page);
        await SettleAsync(page);
        return page;
    }

    public Task<IBrowserContext> NewContextAsync(Target target, TabSpec tab) => target.NewContextAsync(browser, Instrumentation(tab, clickLoop: false));

    /// <summary>A screenshot and the instrumentation's state of a failed probe, under bench/.data/failures/.</summary>
    private static async Task SaveFailureAsync(IBrowserContext context, Target target, string name)
    {
        if (context.Pages.FirstOrDefault() is not { } page)
        {
            return;
        }

        var folder = Directory.CreateDirectory(Path.Combine(Environment.GetEnvironmentVariable("BENCH_FAILURES") ?? Path.GetTempPath(), "bench-failures")).FullName;
        var stem = Path.Combine(folder, $"{target.Name}-{name}-{DateTime.UtcNow:HHmmss}");
        await page.ScreenshotAsync(new() { Path = stem + ".png", FullPage = false });
        var state = await page.EvaluateAsync<string>("() => JSON.stringify({ url: location.href, bench: window.__bench })");
        await File.WriteAllTextAsync(stem + ".json", state);
        Console.Error.WriteLine($"runner: failed probe saved as {stem}.png/.json");
    }

    private static async Task WaitLiveAsync(IPage page)
    {
        await page.WaitForSelectorAsync("[data-interactive='true']", new() { State = WaitForSelectorState.Attached, Timeout = Patience });
        await page.WaitForSelectorAsync(TabSpec.RowSelector, new() { State = WaitForSelectorState.Attached, Timeout = Patience });
    }

    /// <summary>Waits until the document has not changed for <paramref name="quietMs"/>.</summary>
    private static Task SettleAsync(IPage page, int quietMs = 700) =>
        page.WaitForFunctionAsync($"() => performance.now() - window.__bench.lastMutation > {quietMs}", null, new() { Timeout = Patience, PollingInterval = 100 });

    private static async Task<double> ClickToDialogAsync(IPage page, ILocator button)
    {
        await page.EvaluateAsync("() => { window.__bench.dialogAt = null; window.__bench.lastClick = null; }");
        await button.ClickAsync(new() { Timeout = Patience });
        await page.WaitForFunctionAsync("() => window.__bench.dialogAt !== null", null, new() { Timeout = Patience, PollingInterval = 20 });
        return await page.EvaluateAsync<double>("() => window.__bench.dialogAt - window.__bench.lastClick");
    }

    private static async Task CancelDialogAsync(IPage page)
    {
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync(new() { Timeout = Patience });
        await page.Locator(".mud-dialog").WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = Patience });
        await SettleAsync(page);
    }

    /// <summary>Sets the search box as one keystroke would (one input event) and times until the rows show the result.</summary>
    private static async Task<double> SearchAsync(ILocator search, string query)
    {
        await search.EvaluateAsync("""
            (input, q) => {
              const b = window.__bench;
              const sel = b.rowSelector;
              b.searchDone = null;
              const rows = () => [...document.querySelectorAll(sel)];
              const done = q
                ? () => { const r = rows(); return r.length > 0 && r.every(x => x.textContent.toLowerCase().includes(q)); }
                : () => { const r = rows(); return r.length === b.initial.count && r[0].cells[0].textContent === b.initial.first; };
              b.watch = () => { if (b.searchDone === null && done()) { b.searchDone = performance.now(); b.watch = null; } };
              input.focus();
              b.searchStart = performance.now();
              input.value = q;
              input.dispatchEvent(new Event('input', { bubbles: true }));
            }
            """, query);
        var page = search.Page;
        await page.WaitForFunctionAsync("() => window.__bench.searchDone !== null", null, new() { Timeout = Patience, PollingInterval = 20 });
        return await page.EvaluateAsync<double>("() => window.__bench.searchDone - window.__bench.searchStart");
    }
}
