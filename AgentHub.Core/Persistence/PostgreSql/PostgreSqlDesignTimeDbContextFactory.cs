using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AgentHub.Core.Persistence.PostgreSql;

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL model without a server (adding a migration never connects).</summary>
internal sealed class PostgreSqlDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgreSqlAgentHubDbContext>
{
    public PostgreSqlAgentHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlAgentHubDbContext>().UseNpgsql("Host=localhost;Database=agenthub_design").Options);
}
