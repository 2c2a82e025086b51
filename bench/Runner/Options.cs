namespace AgentHub.Bench.Runner;

/// <summary>The runner's command line: <c>--name value</c> pairs (see bench/run.sh).</summary>
public sealed record Options(
    string Size, Uri AgentHub, int AgentHubPid, Uri Floor, int FloorPid, int Repeats, int ByteRepeats, int Circuits,
    string Output, string? AgentHubMemory, string? FloorMemory, string Browser, string FloorName = Target.Floor)
{
    /// <summary>Whether the second app is an Agent Hub baseline (BASELINE=): it needs signing in like the first.</summary>
    public bool FloorIsBaseline => FloorName != Target.Floor;

    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        string Get(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required.");
        return new Options(
            Get("size"), new Uri(Get("agenthub")), int.Parse(Get("agenthub-pid")), new Uri(Get("floor")), int.Parse(Get("floor-pid")),
            int.Parse(values.GetValueOrDefault("repeats", "15")), int.Parse(values.GetValueOrDefault("byte-repeats", "3")),
            int.Parse(values.GetValueOrDefault("circuits", "5")), Get("out"),
            values.GetValueOrDefault("agenthub-memory"), values.GetValueOrDefault("floor-memory"), FindBrowser(),
            values.GetValueOrDefault("floor-name", Target.Floor));
    }

    /// <summary>The system Chromium: AGENTHUB_CHROMIUM first, then the usual paths (as the E2E tests find it).</summary>
    private static string FindBrowser()
    {
        var configured = Environment.GetEnvironmentVariable("AGENTHUB_CHROMIUM");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        return new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable" }
            .FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("No Chromium found: install Debian's chromium or set AGENTHUB_CHROMIUM.");
    }
}
