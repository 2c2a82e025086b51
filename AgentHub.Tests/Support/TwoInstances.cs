using Microsoft.AspNetCore.Mvc.Testing;

namespace AgentHub.Tests.Support;

/// <summary>
/// Two hosts of the real app on one fresh PostgreSQL database with the same key-ring certificate,
/// as two instances behind a load balancer: nothing is shared between them but the database.
/// </summary>
public sealed class TwoInstances : IAsyncDisposable
{
    private TwoInstances(string database, AgentHubAppFactory a, AgentHubAppFactory b) => (Database, A, B) = (database, a, b);

    /// <summary>The connection string of the shared database.</summary>
    public string Database { get; }

    public AgentHubAppFactory A { get; }

    public AgentHubAppFactory B { get; }

    /// <summary>
    /// Creates the database and starts A, then B (each applies the migrations at start, as every
    /// instance does). With <paramref name="fakes"/>, both trust the fakes and point the providers at them.
    /// </summary>
    public static async Task<TwoInstances> StartAsync(IDictionary<string, string?>? settings = null, FakeProviders? fakes = null)
    {
        var database = await PostgresTestServer.CreateDatabaseAsync();
        var a = Host(database, settings, fakes);
        _ = a.Server;
        var b = Host(database, settings, fakes);
        _ = b.Server;
        return new TwoInstances(database, a, b);
    }

    /// <summary>
    /// One host of the app on the PostgreSQL <paramref name="database"/> with the test certificate;
    /// with <paramref name="fakes"/>, trusting them and pointing the providers at them.
    /// </summary>
    public static AgentHubAppFactory Host(string database, IDictionary<string, string?>? settings = null, FakeProviders? fakes = null)
    {
        var all = fakes?.OperatorSettings() ?? new Dictionary<string, string?>();
        all["AgentHub:Database:Provider"] = "PostgreSQL";
        all["ConnectionStrings:AgentHub"] = database;
        all["AgentHub:DataProtection:CertificatePath"] = PostgresTestServer.CertificatePath;
        all["AgentHub:DataProtection:CertificatePassword"] = PostgresTestServer.CertificatePassword;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new AgentHubAppFactory(all, fakes is null ? null : FakeProviders.TrustTheFakes);
    }

    /// <summary>A client of <paramref name="app"/> that keeps cookies and does not follow redirects.</summary>
    public static HttpClient Client(WebApplicationFactory<Program> app) => AccountForms.Client(app);

    /// <summary>Repeats <paramref name="probe"/> until it returns true or <paramref name="within"/> has passed; returns how long it took, or null.</summary>
    public static async Task<TimeSpan?> UntilAsync(Func<Task<bool>> probe, TimeSpan within)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            if (await probe())
            {
                return clock.Elapsed;
            }

            await Task.Delay(100);
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await PostgresTestServer.DropDatabaseAsync(Database);
    }
}
