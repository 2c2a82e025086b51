namespace AgentHub.Bench;

/// <summary>
/// The rows every benchmark target shows: the seeder stores them through the Core services, the
/// floor app builds the same rows in memory, the runner searches for <see cref="SearchWord"/>.
/// Deterministic, so two runs of one size see the same data.
/// </summary>
public static class BenchData
{
    public const int CredentialCount = 200;
    public const string OwnerEmail = "owner@bench.example.com";
    public const string OwnerPassword = "Bench-Passw0rd!";
    public const string TeamName = "Benchmark team";

    /// <summary>The search the runner types: one word of <see cref="Words"/>, about 1 row in 26.</summary>
    public const string SearchWord = "xray";

    private static readonly string[] Words =
    [
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima", "mike",
        "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey", "xray", "yankee", "zulu",
    ];

    /// <summary>How many models a size holds: "2k" (the team cap's example) or "20k".</summary>
    public static int ModelCount(string size) => size switch
    {
        "2k" => 2_000,
        "20k" => 20_000,
        _ => throw new ArgumentException($"Unknown size '{size}': use 2k or 20k.", nameof(size)),
    };

    public static string CredentialName(int i) => $"cred-{i:D3}-{Words[i % Words.Length]}";

    public static string CredentialDescription(int i) => $"Seeded for the benchmark, batch {i / 20:D2}";

    public static string ModelId(int m) => $"model-{m:D5}-{Words[m * 7 % Words.Length]}";

    /// <summary>The credential (index) a model is connected through: models spread evenly.</summary>
    public static int CredentialOf(int m) => m % CredentialCount;
}
