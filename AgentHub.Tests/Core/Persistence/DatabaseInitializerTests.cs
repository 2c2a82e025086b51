using AgentHub.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Tests.Core.Persistence;

public sealed class DatabaseInitializerTests
{
    [Fact]
    public async Task FirstStartShouldCreateTheFileInWalModeWithTheDefaultTeam()
    {
        var folder = Path.Combine(TestStore.NewFolder(), "nested", "data");

        await using var store = await TestStore.CreateAsync(folder: folder, deleteFolder: true);

        Assert.True(File.Exists(store.DatabasePath));
        await using var db = await store.OpenDbAsync();
        Assert.Equal(Team.DefaultName, Assert.Single(await db.Teams.ToListAsync()).Name);
        Assert.Equal("wal", await ScalarAsync(store.DatabasePath, "PRAGMA journal_mode"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task ASecondStartShouldKeepTheDataAndNotAddATeam(StoreKind kind)
    {
        var folder = TestStore.NewFolder();
        string? database;
        await using (var first = await TestStore.CreateAsync(folder: folder, store: kind, deleteFolder: false))
        {
            await first.CreateVerifiedAsync("Survives restarts");
            database = first.PostgresDatabase;
        }

        await using var second = await TestStore.CreateAsync(folder: folder, deleteFolder: true, store: kind, postgresDatabase: database);

        await using var db = await second.OpenDbAsync();
        Assert.Single(await db.Teams.ToListAsync());
        Assert.Equal("Survives restarts", Assert.Single(await second.CredentialReader.ListAsync(second.Admin)).Name);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task TheCheckedInMigrationsShouldMatchTheModel(StoreKind kind)
    {
        await using var store = await TestStore.CreateAsync(store: kind);
        await using var db = await store.OpenDbAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {kind} model changed without a migration: run the two dotnet ef migrations add commands in AgentHubDbContext's remarks.");
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task TheDatabaseItselfShouldRefuseTwoNamesThatDifferOnlyInCase(StoreKind kind)
    {
        await using var store = await TestStore.CreateAsync(store: kind);
        await store.CreateVerifiedAsync("Prod");
        await using var db = await store.OpenDbAsync();
        var copy = await db.Credentials.AsNoTracking().SingleAsync();
        db.Credentials.Add(copy);
        db.Entry(copy).Property(c => c.Id).CurrentValue = Guid.NewGuid();
        db.Entry(copy).Property(c => c.Name).CurrentValue = "PROD";

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task TheDefaultConnectionStringShouldPointAtDataAgentHubDb()
    {
        Assert.Equal("Data Source=data/agenthub.db", AgentHub.Core.AgentHubCoreExtensions.DefaultConnectionString);
        await using var store = await TestStore.CreateAsync();
        var factory = store.Services.GetRequiredService<IDbContextFactory<AgentHubDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        Assert.Equal(store.DatabasePath, new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource);
    }

    private static async Task<string?> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync());
    }
}
