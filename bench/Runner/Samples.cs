namespace AgentHub.Bench.Runner;

/// <summary>Every measured value, by target and metric, in the order metrics were first recorded.</summary>
public sealed class Samples
{
    private readonly Dictionary<(string Target, string Metric), List<double>> _values = [];
    private readonly List<string> _metrics = [];
    private readonly Dictionary<string, string> _units = [];

    public IReadOnlyList<string> Metrics => _metrics;

    /// <summary>Probes that timed out, by target and probe.</summary>
    public SortedDictionary<string, int> Failures { get; } = [];

    public void Fail(string target, string probe) => Failures[$"{target}: {probe}"] = Failures.GetValueOrDefault($"{target}: {probe}") + 1;

    public void Add(string target, string metric, string unit, double value)
    {
        if (!_units.ContainsKey(metric))
        {
            _metrics.Add(metric);
            _units[metric] = unit;
        }

        if (!_values.TryGetValue((target, metric), out var list))
        {
            _values[(target, metric)] = list = [];
        }

        list.Add(value);
        Console.WriteLine($"  {target,-9} {metric}: {Format(value, unit)}");
    }

    public string Unit(string metric) => _units[metric];

    public IReadOnlyList<double> Of(string target, string metric) => _values.GetValueOrDefault((target, metric)) ?? [];

    /// <summary>The nearest-rank percentile (p50 = median).</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static string Format(double value, string unit) => unit switch
    {
        "ms" => $"{value:F0} ms",
        "bytes" => value >= 1_000_000 ? $"{value / 1_000_000:F2} MB" : $"{value / 1_000:F0} KB",
        _ => $"{value:F1} {unit}",
    };
}
