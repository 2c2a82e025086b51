using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AgentHub.Core.Persistence;

/// <summary>
/// Brings the store up to date at start: creates the database file, applies migrations, seeds the
/// first team, and records which credentials the key ring can no longer decrypt.
/// </summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<AgentHubDbContext> factory,
    SecretProtector protector,
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

        await RecordUnreadableSecretsAsync(db, cancellationToken);
    }

    /// <summary>
    /// Decrypts every credential's secrets once, so the lists never have to: those the key ring
    /// cannot read are marked, and those it can read again (a restored key ring) are unmarked.
    /// </summary>
    private async Task RecordUnreadableSecretsAsync(AgentHubDbContext db, CancellationToken cancellationToken)
    {
        var stored = await db.Credentials.AsNoTracking()
            .Select(c => new { c.Id, c.ProtectedSecrets, c.SecretsUnreadable })
            .ToListAsync(cancellationToken);
        var unreadable = stored.Where(c => !protector.CanUnprotect(c.ProtectedSecrets)).Select(c => c.Id).ToHashSet();
        await SetUnreadableAsync(db, stored.Where(c => !c.SecretsUnreadable && unreadable.Contains(c.Id)).Select(c => c.Id).ToList(), true, cancellationToken);
        await SetUnreadableAsync(db, stored.Where(c => c.SecretsUnreadable && !unreadable.Contains(c.Id)).Select(c => c.Id).ToList(), false, cancellationToken);
        if (unreadable.Count > 0)
        {
            logger.LogWarning("{Count} credentials need their secrets entered again: the key ring cannot decrypt them", unreadable.Count);
        }
    }

    private static async Task SetUnreadableAsync(AgentHubDbContext db, List<Guid> ids, bool unreadable, CancellationToken cancellationToken)
    {
        if (ids.Count > 0)
        {
            await db.Credentials.Where(c => ids.Contains(c.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.SecretsUnreadable, unreadable), cancellationToken);
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
