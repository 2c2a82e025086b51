using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace AgentHub.Core.Usage;

/// <summary>
/// Inserts a batch of usage rows inside the caller's transaction without EF's change tracking:
/// on SQLite one prepared INSERT run per row, on PostgreSQL one INSERT from <c>unnest</c> of one
/// array per column. Tracking, key propagation and per-row commands cost about 30 µs a row, which a
/// gateway on one core felt as a pause every second; the table and column names still come from
/// the EF model (<see cref="UsageRecordConfiguration"/>), the one place they are set.
/// </summary>
internal static class UsageRowInserter
{
    // Every column but the store-generated Id: how to read it from a record, and as one typed array
    // for a batch (so Npgsql sends uuid[], timestamptz[], text[], ... as they are).
    private static readonly Column[] Columns =
    [
        Of(nameof(UsageRecord.TeamId), r => r.TeamId),
        Of(nameof(UsageRecord.AgentKeyId), r => r.AgentKeyId),
        Of(nameof(UsageRecord.At), r => r.At),
        Of(nameof(UsageRecord.ModelAlias), r => r.ModelAlias),
        Of(nameof(UsageRecord.ProviderId), r => r.ProviderId),
        Of(nameof(UsageRecord.Status), r => r.Status),
        Of(nameof(UsageRecord.ErrorClass), r => r.ErrorClass),
        Of(nameof(UsageRecord.Streamed), r => r.Streamed),
        Of(nameof(UsageRecord.LatencyMs), r => r.LatencyMs),
        Of(nameof(UsageRecord.TimeToFirstTokenMs), r => r.TimeToFirstTokenMs),
        Of(nameof(UsageRecord.InputTokens), r => r.InputTokens),
        Of(nameof(UsageRecord.OutputTokens), r => r.OutputTokens),
    ];

    /// <summary>Inserts <paramref name="batch"/> in the open <paramref name="transaction"/> of <paramref name="db"/>.</summary>
    public static async Task InsertAsync(AgentHubDbContext db, IDbContextTransaction transaction, IReadOnlyList<UsageRecord> batch, CancellationToken cancellationToken)
    {
        var (table, columns) = Names(db);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        var parameters = new DbParameter[Columns.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = command.CreateParameter();
            parameters[i].ParameterName = $"@p{i}";
            command.Parameters.Add(parameters[i]);
        }

        var insert = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))})";
        var values = string.Join(", ", parameters.Select(p => p.ParameterName));
        if (db.Database.IsNpgsql())
        {
            // One statement: each parameter carries its column for the whole batch.
            command.CommandText = $"{insert} SELECT * FROM unnest({values})";
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = Columns[i].Array(batch);
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        // Microsoft.Data.Sqlite keeps the statement compiled between executions of the same command.
        command.CommandText = $"{insert} VALUES ({values})";
        foreach (var record in batch)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = Columns[i].Value(record) ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static (string Table, string[] Columns) Names(AgentHubDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(UsageRecord)) ?? throw new InvalidOperationException("UsageRecord is not in the model.");
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        return (table, Columns.Select(c => entity.FindProperty(c.Property)!.GetColumnName(store)!).ToArray());
    }

    private static Column Of<T>(string property, Func<UsageRecord, T> value) =>
        new(property, r => value(r), batch => batch.Select(value).ToArray());

    private sealed record Column(string Property, Func<UsageRecord, object?> Value, Func<IReadOnlyList<UsageRecord>, Array> Array);
}
