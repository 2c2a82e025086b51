using System.Globalization;
using System.Text;

namespace AgentHub.Bench.Runner;

/// <summary>The markdown written to stdout and bench/results/: median, p95, spread and the ratio to the floor.</summary>
public static class Report
{
    public static string Write(Options options, Samples samples, string agentHub, string floor, TimeSpan took, string browserVersion, long[]? ticksAtStart)
    {
        var text = new StringBuilder();
        var machine = Machine(browserVersion, ticksAtStart);
        text.AppendLine(CultureInfo.InvariantCulture, $"# Benchmark {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, size {options.Size}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{BenchData.CredentialCount} credentials, {BenchData.ModelCount(options.Size):N0} models. {machine}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Repeats: {options.Repeats} (bytes: {options.ByteRepeats}), interleaved {agentHub}/{floor} with the order swapped every repeat; memory: {options.Circuits} circuits. Run took {took.TotalMinutes:F1} min.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"| metric | {agentHub} median | {agentHub} p95 | {floor} median | {floor} p95 | ratio (median) | spread {agentHub} (p95/min) | n |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var metric in samples.Metrics)
        {
            var unit = samples.Unit(metric);
            var a = samples.Of(agentHub, metric);
            var f = samples.Of(floor, metric);
            string Cell(IReadOnlyList<double> v, double p) => v.Count == 0 ? "—" : Samples.Format(Samples.Percentile(v, p), unit);
            var ratio = a.Count > 0 && f.Count > 0 && Samples.Percentile(f, 50) > 0
                ? (Samples.Percentile(a, 50) / Samples.Percentile(f, 50)).ToString("F2", CultureInfo.InvariantCulture) : "—";
            var spread = a.Count > 1 && a.Min() > 0 ? (Samples.Percentile(a, 95) / a.Min()).ToString("F2", CultureInfo.InvariantCulture) : "—";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {metric} | {Cell(a, 50)} | {Cell(a, 95)} | {Cell(f, 50)} | {Cell(f, 95)} | {ratio} | {spread} | {Math.Max(a.Count, f.Count)} |");
        }

        text.AppendLine();
        text.AppendLine(samples.Failures.Count == 0
            ? "No probe failed."
            : "Probes that timed out (not in the table): " + string.Join(", ", samples.Failures.Select(f => $"{f.Key} ×{f.Value}")) + ".");
        text.AppendLine();
        text.AppendLine("Every value is in milliseconds from the page's own clock (navigation start, or the click event's timestamp) or bytes; "
            + "`p95` is the nearest rank, so with 15 repeats it is the second-largest value. The spread column (p95 over the fastest) is the noise.");
        return text.ToString();
    }

    /// <summary>
    /// The machine line: cores, CPU model, RAM, the browser's version, and how busy the machine was: the load average when
    /// the run ended, the share of the run's CPU time the hypervisor gave to others (steal), and the share of the last five
    /// minutes in which some task waited for a CPU (Linux's pressure stall information: the run's own processes and
    /// whatever else ran beside them). The same code measured about twice as slow when other work shared the machine
    /// (docs/performance.md, thirteenth session).
    /// </summary>
    public static string Machine(string browserVersion, long[]? ticksAtStart)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Split(':', 2)[1].Trim();
        var load = File.ReadAllText("/proc/loadavg").Split(' ').Take(3);
        return $"Machine: {Environment.ProcessorCount} cores, {cpu}, {memory} RAM, Chromium {browserVersion}; load average at the end {string.Join(" ", load)}; "
            + $"CPU time taken by the host during the run (steal) {Steal(ticksAtStart)}; CPU pressure over the last 5 min {Pressure()}.";
    }

    /// <summary>The machine's CPU time counters (/proc/stat: user, nice, system, idle, iowait, irq, softirq, steal), or null where unreadable.</summary>
    public static long[]? CpuTicks()
    {
        try
        {
            var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
            return ticks.Length == 8 ? ticks : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Steal(long[]? start)
    {
        var end = CpuTicks();
        if (start is null || end is null)
        {
            return "unknown";
        }

        var spent = end.Zip(start, (e, s) => e - s).ToArray();
        return spent.Sum() <= 0 ? "unknown" : (100.0 * spent[7] / spent.Sum()).ToString("F1", CultureInfo.InvariantCulture) + " %";
    }

    /// <summary>The "some" line's avg300 of /proc/pressure/cpu, e.g. "18.95 %".</summary>
    private static string Pressure()
    {
        try
        {
            // "some avg10=… avg60=… avg300=… total=…"
            var field = File.ReadLines("/proc/pressure/cpu").First().Split(' ').FirstOrDefault(f => f.StartsWith("avg300=", StringComparison.Ordinal));
            return field is null ? "unknown" : field["avg300=".Length..] + " %";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return "unknown";
        }
    }
}
