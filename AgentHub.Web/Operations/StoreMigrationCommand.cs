using AgentHub.Core.Persistence;

namespace AgentHub.Web.Operations;

/// <summary>
/// <c>dotnet AgentHub.Web.dll migrate-store --from &lt;SQLite connection string&gt; [--from-keys &lt;key folder&gt;]</c>:
/// run once with the PostgreSQL configuration, it copies the SQLite install into the configured
/// store (see <see cref="StoreMigration"/>) and exits instead of serving.
/// </summary>
internal static class StoreMigrationCommand
{
    public const string Name = "migrate-store";

    /// <summary>Whether the command line asks for the copy instead of the app.</summary>
    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    /// <summary>Runs the copy and returns the process exit code (0 copied, 1 refused, 2 wrong arguments).</summary>
    public static async Task<int> RunAsync(IServiceProvider services, IConfiguration configuration, ILogger logger)
    {
        // The host's command-line configuration already holds --from and --from-keys.
        var from = configuration["from"];
        if (string.IsNullOrWhiteSpace(from))
        {
            logger.LogError("{Command}: give the SQLite install with --from \"Data Source=data/agenthub.db\" (and --from-keys data/keys when its key ring is elsewhere).", Name);
            return 2;
        }

        var keys = configuration["from-keys"] is { Length: > 0 } path ? path : "data/keys";
        var result = await services.GetRequiredService<StoreMigration>().CopyFromSqliteAsync(from, keys);
        if (!result.Succeeded)
        {
            logger.LogError("{Command} refused: {Reason}", Name, result.Error.Message);
            return 1;
        }

        foreach (var (table, count) in result.Value.Rows)
        {
            logger.LogInformation("{Table}: {Count} rows", table, count);
        }

        logger.LogInformation("{Command} done: {Reencrypted} credentials re-encrypted with this store's key ring, {Unreadable} could not be read and need re-entry.",
            Name, result.Value.CredentialsReencrypted, result.Value.CredentialsNeedingReentry);
        return 0;
    }
}
