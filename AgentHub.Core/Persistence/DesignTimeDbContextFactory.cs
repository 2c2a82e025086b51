using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AgentHub.Core.Persistence;

/// <summary>Lets <c>dotnet ef</c> build the model without starting the web app.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AgentHubDbContext>
{
    public AgentHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AgentHubDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
