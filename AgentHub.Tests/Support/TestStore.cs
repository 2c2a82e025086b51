using AgentHub.Core;
using AgentHub.Core.Credentials;
using AgentHub.Core.Models;
using AgentHub.Core.Persistence;
using AgentHub.Core.Teams;
using AgentHub.Core.Verification;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentHub.Tests.Support;

/// <summary>
/// The Core services over a real SQLite file and a real key ring in a fresh temporary folder,
/// wired by <see cref="AgentHubCoreExtensions.AddAgentHubCore"/> exactly as the app wires them,
/// with the verifier replaced by a <see cref="ScriptedVerifier"/>.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly bool _deleteFolder;

    private TestStore(string folder, ServiceProvider services, Guid teamId, bool deleteFolder)
    {
        _deleteFolder = deleteFolder;
        Folder = folder;
        Services = services;
        TeamId = teamId;
    }

    public string Folder { get; }

    public ServiceProvider Services { get; }

    public Guid TeamId { get; }

    public string DatabasePath => Path.Combine(Folder, "agenthub.db");

    public string KeysPath => Path.Combine(Folder, "keys");

    public ScriptedVerifier Verifier => (ScriptedVerifier)Services.GetRequiredService<ICredentialVerifier>();

    public CredentialService Credentials => Services.GetRequiredService<CredentialService>();

    public ModelService Models => Services.GetRequiredService<ModelService>();

    /// <summary>
    /// Creates the folder, the database (migrated) and the default team. A test that passes its own
    /// <paramref name="folder"/> (to restart over the same files) keeps it until it passes
    /// <paramref name="deleteFolder"/> to the last store.
    /// </summary>
    public static Task<TestStore> CreateAsync(
        IDictionary<string, string?>? settings = null, string? folder = null, Action<IServiceCollection>? configure = null, bool? deleteFolder = null,
        bool realVerifier = false) =>
        CreateAsync(folder ?? NewFolder(), settings, configure, deleteFolder ?? folder is null, realVerifier);

    public static string NewFolder() => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "agenthub-tests", Guid.NewGuid().ToString("N"))).FullName;

    private static async Task<TestStore> CreateAsync(
        string folder, IDictionary<string, string?>? settings, Action<IServiceCollection>? configure, bool deleteFolder, bool realVerifier)
    {
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:AgentHub"] = $"Data Source={Path.Combine(folder, "agenthub.db")}",
            ["AgentHub:DataProtection:KeysPath"] = Path.Combine(folder, "keys"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddAgentHubCore(configuration);
        if (!realVerifier)
        {
            services.AddSingleton<ICredentialVerifier, ScriptedVerifier>();
        }

        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        var teamId = await provider.GetRequiredService<TeamDirectory>().GetDefaultTeamIdAsync();
        return new TestStore(folder, provider, teamId, deleteFolder);
    }

    public async Task<AgentHubDbContext> OpenDbAsync() =>
        await Services.GetRequiredService<IDbContextFactory<AgentHubDbContext>>().CreateDbContextAsync();

    /// <summary>Creates a credential and verifies it (with whatever the verifier is scripted to answer).</summary>
    public async Task<CredentialSummary> CreateVerifiedAsync(string name, string providerId = "openai", string apiKey = "sk-test-0000000000001234", Dictionary<string, string?>? values = null)
    {
        var input = Inputs.Credential(name, providerId, apiKey, values);
        var created = await Credentials.CreateAsync(TeamId, input);
        Assert.True(created.Succeeded, created.Error?.Message);
        var verified = await Credentials.VerifyAsync(TeamId, created.Value!.Id);
        Assert.True(verified.Succeeded, verified.Error?.Message);
        return verified.Value!;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (!_deleteFolder)
        {
            return;
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a background thread is left for the OS temp cleaner.
        }
    }
}
