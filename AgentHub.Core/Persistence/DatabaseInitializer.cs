using AgentHub.Core.Teams;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AgentHub.Core.Persistence;

/// <summary>Brings the store up to date at start: creates the database file, applies migrations, seeds the first team.</summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<AgentHubDbContext> factory,
    TimeProvider time,
    ILogger<DatabaseInitializer> logger)
{
    /// <summary>Applies pending migrations and creates the "Default team" when there is no team yet.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);

        if (db.Database.IsSqlite())
        {
            CreateDatabaseFolder(db.Database.GetConnectionString());
        }

        await db.Database.MigrateAsync(cancellationToken);

        if (db.Database.IsSqlite())
        {
            // WAL lets readers (the table refreshing) proceed while a write commits.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        if (!await db.Teams.AnyAsync(cancellationToken))
        {
            db.Teams.Add(new Team { Name = Team.DefaultName, CreatedAt = time.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Created the team {TeamName}", Team.DefaultName);
        }
    }

    private static void CreateDatabaseFolder(string? connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}
