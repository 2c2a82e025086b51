namespace AgentHub.Bench.Floor;

/// <summary>A credential row with Agent Hub's columns.</summary>
public sealed record CredentialRow(string Name, string Provider, string Description, string Status, string Key, int Models, DateTime LastVerified, DateTime Updated);

/// <summary>A model row with Agent Hub's columns.</summary>
public sealed record ModelRow(string ModelId, string Provider, string Credential, string Parameters, string Status, DateTime Connected, string Alias);

/// <summary>The benchmark's rows, built in memory from <see cref="BenchData"/> as the seeder stores them.</summary>
public sealed class FloorRows
{
    public FloorRows(string size)
    {
        var modelCount = BenchData.ModelCount(size);
        var at = DateTime.UtcNow;
        Credentials = Enumerable.Range(0, BenchData.CredentialCount)
            .Select(i => new CredentialRow(BenchData.CredentialName(i), "Custom", BenchData.CredentialDescription(i), "Verified",
                $"sk-…{i:D3}f", modelCount / BenchData.CredentialCount, at, at))
            .ToList();
        Models = Enumerable.Range(0, modelCount)
            .Select(m => new ModelRow(BenchData.ModelId(m), "Custom", BenchData.CredentialName(BenchData.CredentialOf(m)),
                Parameters(m), "Connected", at, BenchData.ModelId(m)))
            .ToList();
    }

    public IReadOnlyList<CredentialRow> Credentials { get; }

    public IReadOnlyList<ModelRow> Models { get; }

    private static string Parameters(int m) =>
        string.Join(", ", new[] { m % 3 == 0 ? "temperature 0.2" : null, m % 5 == 0 ? "max tokens 1024" : null }.OfType<string>()) is { Length: > 0 } p ? p : "—";
}
