using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AgentHub.Core.Gateway;

/// <summary>
/// Watches every command the store runs and, when one writes the tables the gateway resolves
/// (agent keys, model connections, credentials: tracked saves and bulk updates or deletes alike),
/// raises the <see cref="GatewayStamp"/> in the same transaction and tells this instance's
/// <see cref="GatewayDirectory"/> once the change is committed. No service has to remember to do it.
/// </summary>
/// <remarks>
/// A write outside a transaction (a lone bulk update) raises the stamp right after it, so another
/// instance never sees the new stamp before the data. Writes of a context marked with
/// <see cref="ForWritesTheGatewayIgnores"/> (the usage flush's last-used times, the health checks'
/// schedule and leases) change nothing the gateway resolves and are ignored. (A query tag cannot
/// say it: EF Core leaves tags out of ExecuteUpdate's SQL.)
/// </remarks>
public sealed class GatewayChangeInterceptor(GatewayChanges changes) : DbCommandInterceptor, IDbTransactionInterceptor
{
    private const string BumpSql = "UPDATE \"GatewayStamps\" SET \"Version\" = \"Version\" + 1 WHERE \"Id\" = 1";

    private static readonly string[] Watched = ["\"AgentKeys\"", "\"ModelConnections\"", "\"Credentials\""];

    private static readonly string[] Verbs = ["INSERT INTO ", "UPDATE ", "DELETE FROM "];

    // Transactions that carried a watched write: the directory hears of it when they commit.
    private readonly ConditionalWeakTable<DbTransaction, object> _pending = [];

    /// <summary>Marks <paramref name="db"/> as writing only what the gateway does not resolve; returns it.</summary>
    public static AgentHubDbContext ForWritesTheGatewayIgnores(AgentHubDbContext db)
    {
        db.WritesTheGatewayIgnores = true;
        return db;
    }

    /// <summary>Whether the command writes a table the gateway resolves, from a context not marked as writing only what it ignores.</summary>
    private static bool Changes(DbCommand command, CommandEventData eventData) =>
        eventData.Context is not AgentHubDbContext { WritesTheGatewayIgnores: true } && Changes(command.CommandText);

    /// <summary>Whether the SQL writes a table the gateway resolves.</summary>
    internal static bool Changes(string sql)
    {
        foreach (var table in Watched)
        {
            foreach (var verb in Verbs)
            {
                if (sql.Contains(verb + table, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(command, eventData, cancellationToken);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(command, eventData, cancellationToken);
        return result;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Before(command, eventData);
        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Before(command, eventData);
        return result;
    }

    public override async ValueTask<int> NonQueryExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await AfterAsync(command, eventData, cancellationToken);
        return result;
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        After(command, eventData);
        return result;
    }

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        await AfterAsync(command, eventData, cancellationToken);
        return result;
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        After(command, eventData);
        return result;
    }

    /// <summary>Inside a transaction: raise the stamp with the change, tell the directory at commit.</summary>
    private async ValueTask BeforeAsync(DbCommand command, CommandEventData eventData, CancellationToken cancellationToken)
    {
        if (command.Transaction is { } transaction && Changes(command, eventData))
        {
            await using var bump = Bump(command);
            await bump.ExecuteNonQueryAsync(cancellationToken);
            _pending.AddOrUpdate(transaction, this);
        }
    }

    private void Before(DbCommand command, CommandEventData eventData)
    {
        if (command.Transaction is { } transaction && Changes(command, eventData))
        {
            using var bump = Bump(command);
            bump.ExecuteNonQuery();
            _pending.AddOrUpdate(transaction, this);
        }
    }

    /// <summary>Outside a transaction the write is committed already: raise the stamp after it, tell the directory now.</summary>
    private async ValueTask AfterAsync(DbCommand command, CommandEventData eventData, CancellationToken cancellationToken)
    {
        if (command.Transaction is null && Changes(command, eventData))
        {
            await using var bump = Bump(command);
            await bump.ExecuteNonQueryAsync(cancellationToken);
            changes.Announce();
        }
    }

    private void After(DbCommand command, CommandEventData eventData)
    {
        if (command.Transaction is null && Changes(command, eventData))
        {
            using var bump = Bump(command);
            bump.ExecuteNonQuery();
            changes.Announce();
        }
    }

    private static DbCommand Bump(DbCommand command)
    {
        var bump = command.Connection!.CreateCommand();
        bump.Transaction = command.Transaction;
        bump.CommandText = BumpSql;
        return bump;
    }

    private void Committed(DbTransaction transaction)
    {
        if (_pending.Remove(transaction))
        {
            changes.Announce();
        }
    }

    void IDbTransactionInterceptor.TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction);

    Task IDbTransactionInterceptor.TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken)
    {
        Committed(transaction);
        return Task.CompletedTask;
    }

    void IDbTransactionInterceptor.TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => _pending.Remove(transaction);

    Task IDbTransactionInterceptor.TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken)
    {
        _pending.Remove(transaction);
        return Task.CompletedTask;
    }
}
