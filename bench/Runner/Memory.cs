using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace AgentHub.Bench.Runner;

/// <summary>
/// Server memory per open circuit: the server's resident set (VmRSS from /proc) and, with
/// dotnet-gcdump, its live managed heap after a forced full GC, read before and after opening
/// <c>K</c> pages of a tab (each its own context, live and quiet); the difference divided by K.
/// </summary>
public sealed partial class Memory(Probes probes, Samples samples, string? gcDump)
{
    public async Task MeasureAsync(Target target, TabSpec tab, int circuits)
    {
        var heapBefore = await HeapAsync(target.Pid);
        var rssBefore = Rss(target.Pid);
        var contexts = new List<IBrowserContext>();
        try
        {
            for (var i = 0; i < circuits; i++)
            {
                var context = await probes.NewContextAsync(target, tab);
                contexts.Add(context);
                await probes.OpenSettledAsync(context, target, tab);
            }

            await Task.Delay(2000);
            var heapAfter = await HeapAsync(target.Pid);
            var rssAfter = Rss(target.Pid);
            samples.Add(target.Name, $"{tab.Title}: server memory per open circuit (RSS)", "bytes", (rssAfter - rssBefore) / circuits);
            if (heapBefore is { } before && heapAfter is { } after)
            {
                samples.Add(target.Name, $"{tab.Title}: server memory per open circuit (GC heap after full GC)", "bytes", (after - before) / circuits);
            }
        }
        finally
        {
            foreach (var context in contexts)
            {
                await Target.CloseAsync(context);
            }
        }
    }

    private static double Rss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(KilobytesPattern().Match(line).Groups[1].Value) * 1024;
    }

    /// <summary>The live GC heap after the full collection dotnet-gcdump forces, or null without the tool.</summary>
    private async Task<double?> HeapAsync(int pid)
    {
        if (gcDump is null)
        {
            return null;
        }

        var file = Path.Combine(Path.GetTempPath(), $"bench-{pid}-{Guid.NewGuid():N}.gcdump");
        try
        {
            await RunAsync(gcDump, $"collect -p {pid} -o {file}");
            var report = await RunAsync(gcDump, $"report {file}");
            var match = HeapPattern().Match(report);
            return match.Success ? double.Parse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal)) : null;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> RunAsync(string tool, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    [GeneratedRegex(@"(\d+)\s*kB")]
    private static partial Regex KilobytesPattern();

    [GeneratedRegex(@"([\d,]+)\s+GC Heap bytes")]
    private static partial Regex HeapPattern();
}
