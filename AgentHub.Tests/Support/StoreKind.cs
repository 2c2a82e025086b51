namespace AgentHub.Tests.Support;

/// <summary>Which store a <see cref="TestStore"/> runs on.</summary>
public enum StoreKind
{
    /// <summary>A fresh SQLite file with the key ring in a folder beside it.</summary>
    Sqlite,

    /// <summary>A fresh database on the test PostgreSQL server, the key ring in it encrypted with a test certificate.</summary>
    PostgreSql,
}

/// <summary>Theory data for the store, rule and concurrency tests that must hold on every store.</summary>
public static class Stores
{
    /// <summary>Both stores: the test runs once on each.</summary>
    public static TheoryData<StoreKind> Both => new() { StoreKind.Sqlite, StoreKind.PostgreSql };
}
