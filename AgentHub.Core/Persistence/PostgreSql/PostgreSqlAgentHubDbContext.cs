using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Core.Persistence.PostgreSql;

/// <summary>
/// The Agent Hub store on PostgreSQL: the model of <see cref="AgentHubDbContext"/>, plus the Data
/// Protection key ring shared by every instance (each key encrypted with the operator's certificate).
/// Its migrations live in <c>Persistence/PostgreSql/Migrations</c>.
/// </summary>
/// <remarks>
/// Add a migration from the repository root with:
/// <c>dotnet tool restore &amp;&amp; dotnet ef migrations add &lt;Name&gt; --project AgentHub.Core --context PostgreSqlAgentHubDbContext --output-dir Persistence/PostgreSql/Migrations</c>
/// </remarks>
public sealed class PostgreSqlAgentHubDbContext(DbContextOptions<PostgreSqlAgentHubDbContext> options)
    : AgentHubDbContext(options), IDataProtectionKeyContext
{
    /// <summary>The Data Protection key ring: one row per key, its XML encrypted with the certificate.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
}
