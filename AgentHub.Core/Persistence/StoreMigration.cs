using AgentHub.Core.Credentials;
using AgentHub.Core.Gateway;
using AgentHub.Core.Security;
using AgentHub.Core.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentHub.Core.Persistence;

/// <summary>What a store migration copied, table by table.</summary>
/// <param name="Rows">Rows copied per table.</param>
/// <param name="CredentialsReencrypted">Credentials whose secrets were decrypted with the source ring and encrypted with this one.</param>
/// <param name="CredentialsNeedingReentry">Credentials the source ring could not decrypt: copied, marked Needs re-entry.</param>
public sealed record StoreMigrationReport(IReadOnlyDictionary<string, int> Rows, int CredentialsReencrypted, int CredentialsNeedingReentry);

/// <summary>
/// Copies a SQLite install (its database and its key-ring folder) into this app's configured store
/// (PostgreSQL) in one transaction, in one process that holds both key rings: every table's rows
/// arrive as they were (accounts with their password hashes and security stamps, teams, members,
/// invitations, credentials, models, agent-key hashes, activity, usage), and each credential's
/// secrets are decrypted with the SQLite ring and encrypted with this store's ring. No secret is
/// written anywhere in clear, and the SQLite ring's keys are not copied (the new ring is this store's own).
/// </summary>
public sealed class StoreMigration(IDbContextFactory<AgentHubDbContext> target, SecretProtector targetSecrets, ILogger<StoreMigration> logger)
{
    /// <summary>
    /// Copies the SQLite database of <paramref name="sqliteConnectionString"/> (migrated first, as the
    /// app would at start) with its key ring in <paramref name="keysPath"/>. Refused when this store
    /// already holds accounts or data: the copy is for a fresh store.
    /// </summary>
    public async Task<OperationResult<StoreMigrationReport>> CopyFromSqliteAsync(
        string sqliteConnectionString, string keysPath, CancellationToken cancellationToken = default)
    {
        await using var source = OpenSqlite(sqliteConnectionString, keysPath);
        await source.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
        await using var from = await source.GetRequiredService<IDbContextFactory<AgentHubDbContext>>().CreateDbContextAsync(cancellationToken);
        await using var to = await target.CreateDbContextAsync(cancellationToken);

        if (await to.Users.AnyAsync(cancellationToken) || await to.Credentials.AnyAsync(cancellationToken) || await to.TeamMembers.AnyAsync(cancellationToken))
        {
            return new OperationError(OperationErrorKind.Conflict,
                "The target store already holds accounts or data: move into a fresh, empty database.");
        }

        await using var transaction = await to.Database.BeginTransactionAsync(cancellationToken);
        // The team a fresh store seeds at start is replaced by the install's own teams.
        await to.Teams.ExecuteDeleteAsync(cancellationToken);

        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entityType in CopiedTypes(from.Model))
        {
            rows[entityType.GetTableName()!] = await CopyAsync(from, to, entityType, cancellationToken);
        }

        var (reencrypted, unreadable) = Reencrypt(source.GetRequiredService<SecretProtector>(), to);
        await to.SaveChangesAsync(cancellationToken);
        if (to.Database.IsNpgsql())
        {
            await ResetIdentitySequencesAsync(to, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Store copied: {Rows} rows; {Reencrypted} credentials re-encrypted, {Unreadable} need re-entry",
            rows.Values.Sum(), reencrypted, unreadable);
        return OperationResult<StoreMigrationReport>.Ok(new StoreMigrationReport(rows, reencrypted, unreadable));
    }

    /// <summary>The SQLite install's Core services (its store and its file key ring), as the app wires them.</summary>
    private static ServiceProvider OpenSqlite(string connectionString, string keysPath)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:AgentHub"] = connectionString,
            ["AgentHub:DataProtection:KeysPath"] = keysPath,
        }).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddAgentHubCore(configuration)
            .BuildServiceProvider();
    }

    /// <summary>Every table of the model but the change stamp (each store keeps its own, raised by the copy).</summary>
    private static IEnumerable<IEntityType> CopiedTypes(IModel model) =>
        model.GetEntityTypes().Where(t => !t.IsOwned() && t.GetTableName() is not null && t.ClrType != typeof(GatewayStamp));

    private static async Task<int> CopyAsync(AgentHubDbContext from, AgentHubDbContext to, IEntityType entityType, CancellationToken cancellationToken)
    {
        var rows = await ReadAllAsync(from, entityType, cancellationToken);
        foreach (var row in rows)
        {
            var read = from.Entry(row);
            var written = to.Entry(row);
            written.State = EntityState.Added;
            // Shadow properties (foreign keys without a CLR property) travel with the row too.
            foreach (var property in entityType.GetProperties().Where(p => p.IsShadowProperty()))
            {
                written.Property(property.Name).CurrentValue = read.Property(property.Name).CurrentValue;
            }
        }

        return rows.Count;
    }

    private static async Task<List<object>> ReadAllAsync(AgentHubDbContext db, IEntityType entityType, CancellationToken cancellationToken)
    {
        var query = (IQueryable<object>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!
            .MakeGenericMethod(entityType.ClrType).Invoke(db, null)!;
        return await query.ToListAsync(cancellationToken);
    }

    /// <summary>Each copied credential's secrets, from the source ring to this store's ring.</summary>
    private (int Reencrypted, int Unreadable) Reencrypt(SecretProtector sourceSecrets, AgentHubDbContext to)
    {
        var (reencrypted, unreadable) = (0, 0);
        foreach (var entry in to.ChangeTracker.Entries<Credential>())
        {
            if (sourceSecrets.TryUnprotect(entry.Entity.ProtectedSecrets, out var secrets))
            {
                entry.Property(c => c.ProtectedSecrets).CurrentValue = targetSecrets.Protect(secrets);
                entry.Property(c => c.SecretsUnreadable).CurrentValue = false;
                reencrypted++;
            }
            else
            {
                entry.Property(c => c.SecretsUnreadable).CurrentValue = true;
                unreadable++;
            }
        }

        // A team's alert webhook (its URL and signing secret) moves to this ring too; one that cannot be read is set again on the Alerts tab.
        foreach (var entry in to.ChangeTracker.Entries<Alerts.AlertSettings>())
        {
            if (sourceSecrets.TryUnprotect(entry.Entity.ProtectedSecrets, out var secrets))
            {
                entry.Property(s => s.ProtectedSecrets).CurrentValue = targetSecrets.Protect(secrets);
            }
        }

        return (reencrypted, unreadable);
    }

    /// <summary>Rows arrived with their own numeric ids: move each identity column's sequence past them.</summary>
    private static async Task ResetIdentitySequencesAsync(AgentHubDbContext to, CancellationToken cancellationToken)
    {
        foreach (var entityType in to.Model.GetEntityTypes())
        {
            var key = entityType.FindPrimaryKey()?.Properties;
            if (key is not [{ ValueGenerated: ValueGenerated.OnAdd } id] || (id.ClrType != typeof(int) && id.ClrType != typeof(long)) || entityType.GetTableName() is not { } table)
            {
                continue;
            }

            var column = id.GetColumnName();
            // Names come from the model, never from input.
#pragma warning disable EF1002
            await to.Database.ExecuteSqlRawAsync(
                $"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), COALESCE((SELECT MAX(\"{column}\") FROM \"{table}\"), 0) + 1, false)",
                cancellationToken);
#pragma warning restore EF1002
        }
    }
}
