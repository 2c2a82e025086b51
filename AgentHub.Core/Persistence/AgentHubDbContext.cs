using AgentHub.Core.Accounts;
using AgentHub.Core.Activity;
using AgentHub.Core.AgentKeys;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Core.Persistence;

/// <summary>
/// The Agent Hub store. Create one per operation through <see cref="IDbContextFactory{TContext}"/>.
/// This type is the SQLite store; <see cref="PostgreSql.PostgreSqlAgentHubDbContext"/> is the same
/// model on PostgreSQL, with its own migrations (each provider's migrations are bound to its context type).
/// </summary>
/// <remarks>
/// Every model change needs a migration for both providers. From the repository root:
/// <c>dotnet tool restore &amp;&amp; dotnet ef migrations add &lt;Name&gt; --project AgentHub.Core --context AgentHubDbContext --output-dir Persistence/Migrations</c>
/// and
/// <c>dotnet ef migrations add &lt;Name&gt; --project AgentHub.Core --context PostgreSqlAgentHubDbContext --output-dir Persistence/PostgreSql/Migrations</c>
/// (neither connects to a database).
/// </remarks>
public class AgentHubDbContext : IdentityDbContext<AgentHubUser>
{
    /// <summary>The SQLite store.</summary>
    public AgentHubDbContext(DbContextOptions<AgentHubDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a provider's own context type (same model, its own migrations).</summary>
    protected AgentHubDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<ActivityEntry> ActivityEntries => Set<ActivityEntry>();

    public DbSet<Credential> Credentials => Set<Credential>();

    public DbSet<ModelConnection> ModelConnections => Set<ModelConnection>();

    public DbSet<AgentKey> AgentKeys => Set<AgentKey>();

    public DbSet<Alerts.AlertSettings> AlertSettings => Set<Alerts.AlertSettings>();

    public DbSet<Alerts.AlertDelivery> AlertDeliveries => Set<Alerts.AlertDelivery>();

    /// <summary>
    /// Whether this context only writes what the gateway does not resolve (usage rows, last-used
    /// times, the health checks' schedule and leases): its writes leave the gateway's stamp and
    /// snapshot alone. Set through <see cref="Gateway.GatewayChangeInterceptor.ForWritesTheGatewayIgnores"/>.
    /// </summary>
    internal bool WritesTheGatewayIgnores { get; set; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Identity's tables (accounts, lockout, security stamps) first, then Agent Hub's own.
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AgentHubDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC (PostgreSQL: timestamp with time zone); SQLite forgets the kind, so restore it on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        // Enums are stored by name so that reordering one never changes stored meaning.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
    }
}
