// Measures Agent Hub against the floor in the system Chromium, interleaved, and writes a markdown table.
// Started by bench/run.sh, which builds, seeds, starts both apps and passes their addresses and process ids.
using System.Diagnostics;
using AgentHub.Bench;
using AgentHub.Bench.Runner;
using Microsoft.Playwright;

var options = Options.Parse(args);
var clock = Stopwatch.StartNew();
var ticksAtStart = Report.CpuTicks();
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = options.Browser,
    Headless = true,
    // As the E2E tests: without the networking flags Chromium keeps dialling hosts this network refuses.
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});

var agentHub = new Target("AgentHub", options.AgentHub, options.AgentHubPid) { MemorySocket = options.AgentHubMemory };
var floor = new Target(options.FloorName, options.Floor, options.FloorPid) { MemorySocket = options.FloorMemory };
// BENCH_FLOOR=0 measures Agent Hub alone: at 20k the floor takes minutes per probe (every row rendered).
Target[] targets = Environment.GetEnvironmentVariable("BENCH_FLOOR") == "0" ? [agentHub] : [agentHub, floor];
await agentHub.SignInAsync(browser, BenchData.OwnerEmail, BenchData.OwnerPassword);
if (options.FloorIsBaseline && targets.Contains(floor))
{
    await floor.SignInAsync(browser, BenchData.OwnerEmail, BenchData.OwnerPassword);
}

var samples = new Samples();
var probes = new Probes(browser, samples);
var warmUp = new Samples();
var warmUpProbes = new Probes(browser, warmUp);

Console.WriteLine("runner: warm-up (not counted)");
foreach (var target in targets)
{
    foreach (var tab in TabSpec.All.Where(t => t.On(target)))
    {
        await Attempt(warmUp, target, $"{tab.Title} load", () => warmUpProbes.LoadAsync(target, tab));
        await Attempt(warmUp, target, $"{tab.Title} interaction", () => warmUpProbes.InteractAsync(target, tab));
    }
}

Console.WriteLine($"runner: memory, {options.Circuits} open circuits per tab");
var memory = new Memory(probes, samples);
foreach (var tab in TabSpec.All)
{
    foreach (var target in targets.Where(tab.On))
    {
        await Attempt(samples, target, $"{tab.Title} memory", () => memory.MeasureAsync(target, tab, options.Circuits));
    }
}

for (var repeat = 0; repeat < options.Repeats; repeat++)
{
    Console.WriteLine($"runner: repeat {repeat + 1} of {options.Repeats}");
    var order = repeat % 2 == 0 ? targets : targets.Reverse().ToArray();
    foreach (var target in order)
    {
        foreach (var tab in TabSpec.All.Where(t => t.On(target)))
        {
            await Attempt(samples, target, $"{tab.Title} load", () => probes.LoadAsync(target, tab));
            await Attempt(samples, target, $"{tab.Title} load, warm cache", () => probes.LoadAsync(target, tab, warm: true));
            await Attempt(samples, target, $"{tab.Title} interaction", () => probes.InteractAsync(target, tab));
            if (repeat < options.ByteRepeats)
            {
                await Attempt(samples, target, $"{tab.Title} bytes", () => probes.BytesAsync(target, tab));
            }
        }
    }
}

var report = Report.Write(options, samples, agentHub.Name, floor.Name, clock.Elapsed, browser.Version, ticksAtStart);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
await File.WriteAllTextAsync(options.Output, report);
Console.WriteLine();
Console.WriteLine(report);
return 0;

// A probe that times out (a page that never becomes live) is counted as a failure and the run goes on.
static async Task Attempt(Samples into, Target target, string probe, Func<Task> run)
{
    try
    {
        await run();
    }
    catch (Exception e) when (e is TimeoutException or PlaywrightException)
    {
        into.Fail(target.Name, probe);
        Console.Error.WriteLine($"runner: {target.Name} {probe} failed: {e.Message.Split('\n')[0]}");
    }
}
