using AgentHub.Core.Credentials;
using AgentHub.Core.Models;
using AgentHub.Core.Persistence;
using AgentHub.Core.Providers;
using AgentHub.Core.Security;
using AgentHub.Core.Teams;
using AgentHub.Core.Verification;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentHub.Core;

public static class AgentHubCoreExtensions
{
    /// <summary>The connection string used when <c>ConnectionStrings:AgentHub</c> is not set.</summary>
    public const string DefaultConnectionString = "Data Source=data/agenthub.db";

    /// <summary>Registers the Agent Hub domain: store, encryption, catalog, validators, services and verification.</summary>
    public static IServiceCollection AddAgentHubCore(this IServiceCollection services, IConfiguration configuration)
    {
        // Configuration
        var section = configuration.GetSection(AgentHubOptions.SectionName);
        services.AddOptions<AgentHubOptions>().Bind(section)
            .Validate(o => o.Limits.CredentialsPerTeam > 0, "AgentHub:Limits:CredentialsPerTeam must be positive.")
            .Validate(o => o.Verification.Timeout > TimeSpan.Zero, "AgentHub:Verification:Timeout must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        // Store
        var connectionString = configuration.GetConnectionString("AgentHub") ?? DefaultConnectionString;
        services.AddDbContextFactory<AgentHubDbContext>(o => o.UseSqlite(connectionString));
        services.AddSingleton<DatabaseInitializer>();

        // Secrets
        var keysPath = section.Get<AgentHubOptions>()?.DataProtection.KeysPath ?? new AgentHubOptions().DataProtection.KeysPath;
        services.AddDataProtection()
            .SetApplicationName("AgentHub")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.GetFullPath(keysPath)));
        services.AddSingleton<SecretProtector>();

        // Catalog and validation
        services.AddSingleton<ProviderCatalog>();
        services.AddSingleton<CredentialInputValidator>();
        services.AddSingleton<ModelInputValidator>();

        // Verification
        services.AddSingleton<ICredentialVerifier, ProviderVerifier>();

        // Services
        services.AddSingleton<TeamDirectory>();
        services.AddScoped<CredentialService>();
        services.AddScoped<ModelService>();

        return services;
    }
}
