using AgentHub.Core.Accounts;
using AgentHub.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentHub.Tests.Support;

/// <summary>
/// The Core services over a real store (a SQLite file and a key ring in a fresh temporary folder,
/// or a fresh database on the test PostgreSQL server holding the key ring), wired by
/// <see cref="AgentHubCoreExtensions.AddAgentHubCore"/> exactly as the app wires them, with the
/// provider's verification call replaced by a <see cref="ScriptedVerifier"/> (still bounded, classified and
/// masked by <see cref="ProviderVerifier"/>, as a real client's is).
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly bool _deleteFolder;

    private TestStore(string folder, ServiceProvider services, Guid teamId, bool deleteFolder, StoreKind kind, string? postgresDatabase)
    {
        _deleteFolder = deleteFolder;
        Folder = folder;
        Services = services;
        TeamId = teamId;
        Kind = kind;
        PostgresDatabase = postgresDatabase;
    }

    public string Folder { get; }

    public StoreKind Kind { get; }

    /// <summary>With PostgreSQL, the connection string of this store's database (another store may open the same one).</summary>
    public string? PostgresDatabase { get; }

    public ServiceProvider Services { get; }

    public Guid TeamId { get; }

    /// <summary>An admin of the team: the actor most tests act as.</summary>
    public Actor Admin => new(AdminUserId, TeamId);

    public const string AdminUserId = "test-admin";

    public string DatabasePath => Path.Combine(Folder, "agenthub.db");

    public string KeysPath => Path.Combine(Folder, "keys");

    public ScriptedVerifier Verifier => (ScriptedVerifier)Services.GetRequiredService<ICredentialVerifier>();

    public CredentialReader CredentialReader => Services.GetRequiredService<CredentialReader>();

    public CredentialVerification CredentialVerification => Services.GetRequiredService<CredentialVerification>();

    public CredentialChanges CredentialChanges => Services.GetRequiredService<CredentialChanges>();

    public CredentialEditor CredentialEditor => Services.GetRequiredService<CredentialEditor>();

    public ModelReader ModelReader => Services.GetRequiredService<ModelReader>();

    public ModelProviderCalls ModelProviderCalls => Services.GetRequiredService<ModelProviderCalls>();

    public ModelChanges ModelChanges => Services.GetRequiredService<ModelChanges>();

    /// <summary>
    /// Creates the folder, the database (migrated) and the default team. A test that passes its own
    /// <paramref name="folder"/> (to restart over the same files), or with PostgreSQL its own
    /// <paramref name="postgresDatabase"/> (a second instance on the same database), keeps it until
    /// it passes <paramref name="deleteFolder"/> to the last store.
    /// </summary>
    public static Task<TestStore> CreateAsync(
        IDictionary<string, string?>? settings = null, string? folder = null, Action<IServiceCollection>? configure = null, bool? deleteFolder = null,
        bool realVerifier = false, StoreKind store = StoreKind.Sqlite, string? postgresDatabase = null) =>
        CreateAsync(folder ?? NewFolder(), settings, configure, deleteFolder ?? (folder is null && postgresDatabase is null), realVerifier, store, postgresDatabase);

    public static string NewFolder() => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "agenthub-tests", Guid.NewGuid().ToString("N"))).FullName;

    private static async Task<TestStore> CreateAsync(
        string folder, IDictionary<string, string?>? settings, Action<IServiceCollection>? configure, bool deleteFolder, bool realVerifier,
        StoreKind kind, string? postgresDatabase)
    {
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:AgentHub"] = $"Data Source={Path.Combine(folder, "agenthub.db")}",
            ["AgentHub:DataProtection:KeysPath"] = Path.Combine(folder, "keys"),
        };
        if (kind == StoreKind.PostgreSql)
        {
            postgresDatabase ??= await PostgresTestServer.CreateDatabaseAsync();
            values["AgentHub:Database:Provider"] = "PostgreSQL";
            values["ConnectionStrings:AgentHub"] = postgresDatabase;
            values["AgentHub:DataProtection:CertificatePath"] = PostgresTestServer.CertificatePath;
            values["AgentHub:DataProtection:CertificatePassword"] = PostgresTestServer.CertificatePassword;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddAgentHubCore(configuration);
        // Identity's user store, as the app has it (the Members tab creates accounts).
        services.AddIdentityCore<AgentHubUser>().AddEntityFrameworkStores<AgentHubDbContext>();
        if (!realVerifier)
        {
            services.AddSingleton<ICredentialVerifier, ScriptedVerifier>();
        }

        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        Guid teamId;
        await using (var db = await provider.GetRequiredService<IDbContextFactory<AgentHubDbContext>>().CreateDbContextAsync())
        {
            teamId = await db.Teams.OrderBy(t => t.CreatedAt).Select(t => t.Id).FirstAsync();
        }

        var store = new TestStore(folder, provider, teamId, deleteFolder, kind, postgresDatabase);
        await store.AddMemberAsync(AdminUserId, TeamRole.Admin);
        return store;
    }

    /// <summary>
    /// A user (created in the Identity table when new) who is a member of <paramref name="teamId"/>
    /// (this store's team by default, else a new team) with <paramref name="role"/>.
    /// </summary>
    public async Task<Actor> AddMemberAsync(string userId, TeamRole role, Guid? teamId = null)
    {
        await using var db = await OpenDbAsync();
        if (!await db.Users.AnyAsync(u => u.Id == userId))
        {
            db.Users.Add(new AgentHubUser { Id = userId, UserName = $"{userId}@example.com", NormalizedUserName = $"{userId}@example.com".ToUpperInvariant(), Email = $"{userId}@example.com", NormalizedEmail = $"{userId}@example.com".ToUpperInvariant() });
        }

        var team = teamId ?? TeamId;
        if (!await db.Teams.AnyAsync(t => t.Id == team))
        {
            db.Teams.Add(new Team { Id = team, Name = $"Team {team:N}"[..20], CreatedAt = DateTime.UtcNow });
        }

        if (!await db.TeamMembers.AnyAsync(m => m.TeamId == team && m.UserId == userId))
        {
            db.TeamMembers.Add(new TeamMember { TeamId = team, UserId = userId, Role = role, AddedAt = DateTime.UtcNow });
        }

        await db.SaveChangesAsync();
        return new Actor(userId, team);
    }

    public async Task<AgentHubDbContext> OpenDbAsync() =>
        await Services.GetRequiredService<IDbContextFactory<AgentHubDbContext>>().CreateDbContextAsync();

    /// <summary>Creates a credential and verifies it (with whatever the verifier is scripted to answer).</summary>
    public async Task<CredentialSummary> CreateVerifiedAsync(string name, string providerId = ProviderIds.OpenAi, string apiKey = "sk-test-0000000000001234", Dictionary<string, string?>? values = null)
    {
        var input = Inputs.Credential(name, providerId, apiKey, values);
        var created = await CredentialChanges.CreateAsync(Admin, input);
        Assert.True(created.Succeeded, created.Error?.Message);
        var verified = await CredentialVerification.VerifyAsync(Admin, created.Value.Id);
        Assert.True(verified.Succeeded, verified.Error?.Message);
        return verified.Value;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (!_deleteFolder)
        {
            return;
        }

        if (PostgresDatabase is not null)
        {
            await PostgresTestServer.DropDatabaseAsync(PostgresDatabase);
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
