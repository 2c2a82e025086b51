using System.Globalization;
using System.Text;

namespace AgentHub.Bench.Runner;

/// <summary>The markdown written to stdout and bench/results/: median, p95, spread and the ratio to the floor.</summary>
public static class Report
{
    public static string Write(Options options, Samples samples, string agentHub, string floor, TimeSpan took)
    {
        var text = new StringBuilder();
        var machine = Machine();
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

    /// <summary>The machine line: cores, CPU model, RAM and the load average when the run ended.</summary>
    public static string Machine()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Split(':', 2)[1].Trim();
        var load = File.ReadAllText("/proc/loadavg").Split(' ').Take(3);
        return $"Machine: {Environment.ProcessorCount} cores, {cpu}, {memory} RAM; load average at the end {string.Join(" ", load)}.";
    }
}
