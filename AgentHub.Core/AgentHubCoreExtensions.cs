using AgentHub.Core.Accounts;
using AgentHub.Core.Activity;
using AgentHub.Core.Alerts;
using AgentHub.Core.AgentKeys;
using AgentHub.Core.Gateway;
using AgentHub.Core.Health;
using AgentHub.Core.Gateway.Dialects;
using AgentHub.Core.Usage;
using AgentHub.Core.Verification.Clients;
using AgentHub.Core.Verification.Http;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

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
            .Validate(o => o.Gateway.Timeout > TimeSpan.Zero, "AgentHub:Gateway:Timeout must be positive.")
            .Validate(o => o.Gateway.MaxRequestBytes > 0, "AgentHub:Gateway:MaxRequestBytes must be positive.")
            .Validate(o => o.Usage.Retention > TimeSpan.Zero, "AgentHub:Usage:Retention must be positive.")
            .Validate(o => o.Usage.QueueCapacity > 0, "AgentHub:Usage:QueueCapacity must be positive.")
            .Validate(o => o.Health.Interval > TimeSpan.Zero, "AgentHub:Health:Interval must be positive.")
            .Validate(o => o.Health.MaxConcurrentPerProvider > 0, "AgentHub:Health:MaxConcurrentPerProvider must be positive.")
            .Validate(o => o.Health.PollInterval > TimeSpan.Zero, "AgentHub:Health:PollInterval must be positive.")
            .Validate(o => o.Alerts.Retention > TimeSpan.Zero, "AgentHub:Alerts:Retention must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        // Store and key ring (SQLite with a key folder, or PostgreSQL holding both)
        services.AddAgentHubStore(configuration, section.Get<AgentHubOptions>() ?? new AgentHubOptions());
        services.AddSingleton<DatabaseInitializer>();
        services.AddSingleton<StoreMigration>();

        // Secrets
        services.AddSingleton<SecretProtector>();

        // Catalog and validation
        services.AddSingleton<ProviderCatalog>();
        services.AddHostedService<ProviderRegistrationCheck>();
        services.AddSingleton<CredentialInputValidator>();
        services.AddSingleton<ModelInputValidator>();

        // Verification: one typed client per provider (each IProviderClient class of this assembly), all through the guarded handler
        services.AddSingleton<OutboundTrust>();
        services.AddSingleton<OutboundGuard>();
        services.AddSingleton<OutboundHandlerFactory>();
        services.AddSingleton<PinnedTrustClients>();
        foreach (var client in ProviderParts<IProviderClient>())
        {
            AddProviderClientMethod.MakeGenericMethod(client).Invoke(null, [services]);
        }

        services.AddSingleton<ProviderClientTypes>();
        services.AddTransient(sp => new ProviderClients(sp, sp.GetRequiredService<ProviderClientTypes>()));
        services.AddTransient<ICredentialVerifier>(sp => sp.GetRequiredService<ProviderClients>());
        services.AddTransient<ProviderVerifier>();

        // Gateway: one dialect per provider (the OpenAI-compatible one for each schema that speaks OpenAI's
        // chat, each other IChatDialect class of this assembly), provider calls through the same guarded handler as verification
        foreach (var providerId in OpenAiCompatibleDialect.Providers)
        {
            services.AddSingleton<IChatDialect>(new OpenAiCompatibleDialect(providerId));
        }

        foreach (var dialect in ProviderParts<IChatDialect>().Where(t => t != typeof(OpenAiCompatibleDialect)))
        {
            services.AddSingleton(typeof(IChatDialect), dialect);
        }

        services.AddSingleton<ChatDialects>();

        // One handler for the app's life: its pools keep connections to each provider warm (PooledConnectionLifetime renews them).
        services.AddHttpClient(GatewayService.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<OutboundHandlerFactory>().Create())
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RedactLoggedHeaders(_ => true)
            // No log line per call (HttpClient's own are Information): usage records every call instead.
            .RemoveAllLoggers();

        // Services
        services.AddMemoryCache();
        services.AddSingleton<AccountSetup>();
        services.AddSingleton<TeamAccess>();
        services.AddSingleton<ActivityLog>();
        services.AddScoped<CredentialSupport>();
        services.AddScoped<CredentialReader>();
        services.AddScoped<CredentialVerification>();
        services.AddScoped<CredentialChanges>();
        services.AddScoped<CredentialEditor>();
        services.AddScoped<CredentialEditRefusals>();
        services.AddScoped<ModelReader>();
        services.AddScoped<ModelProviderCalls>();
        services.AddScoped<ModelChanges>();
        services.AddScoped<TeamService>();
        services.AddScoped<InvitationService>();
        services.AddSingleton<AgentKeyInputValidator>();
        // Singletons (they hold no state of a request): a gateway call resolves nothing and opens no DI scope.
        services.AddSingleton<AgentKeyService>();
        services.AddSingleton<GatewayService>();
        services.AddGatewayDirectoryAndUsage();
        services.AddSingleton<CredentialHealthChecks>();
        services.AddHostedService<CredentialHealthService>();
        services.AddAlerts();

        return services;
    }

    /// <summary>The gateway's in-memory directory (and what keeps it current) and the usage queue with its writer.</summary>
    private static void AddGatewayDirectoryAndUsage(this IServiceCollection services)
    {
        services.AddSingleton<GatewayChanges>();
        services.AddSingleton<GatewayDirectory>();
        services.AddSingleton<GatewayChangeInterceptor>();
        services.AddHostedService<GatewayDirectoryRefresher>();
        services.AddSingleton<UsageRecorder>();
        services.AddSingleton<UsageWriter>();
        services.AddHostedService<UsageFlushService>();
        services.AddScoped<UsageService>();
    }

    /// <summary>Credential alerts: the interceptor that queues them with the status change, the webhook settings, delivery with retries.</summary>
    private static void AddAlerts(this IServiceCollection services)
    {
        services.AddSingleton<AlertChangeInterceptor>();
        services.AddScoped<AlertSettingsService>();
        services.AddSingleton<AlertDeliveryService>();
        services.AddHostedService<AlertDeliveryLoop>();
        // Through the outbound guard (admin-typed URL: private addresses refused unless allowed), no redirects, no header logging.
        services.AddHttpClient(AlertDeliveryService.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<OutboundHandlerFactory>().Create())
            .RedactLoggedHeaders(_ => true)
            .RemoveAllLoggers();
    }

    private static readonly System.Reflection.MethodInfo AddProviderClientMethod =
        typeof(AgentHubCoreExtensions).GetMethod(nameof(AddProviderClient), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

    /// <summary>
    /// The classes of this assembly that are a provider's <typeparamref name="TPart"/> (a client, a
    /// dialect): a provider's parts are found, not listed, and <see cref="ProviderRegistrationCheck"/>
    /// refuses to start when they and the catalog disagree.
    /// </summary>
    private static IEnumerable<Type> ProviderParts<TPart>() =>
        typeof(AgentHubCoreExtensions).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(TPart).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    /// <summary>
    /// Registers a provider client as a typed HttpClient: the outbound guard's handler, no
    /// redirects, every header value masked in HttpClient's own logs. No timeout of its own:
    /// <see cref="ProviderVerifier"/> bounds each operation by <c>AgentHub:Verification:Timeout</c>.
    /// </summary>
    private static void AddProviderClient<TClient>(this IServiceCollection services)
        where TClient : class, IProviderClient
    {
        services.AddHttpClient<TClient>(c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<OutboundHandlerFactory>().Create())
            .RedactLoggedHeaders(_ => true);
        services.AddTransient<IProviderClient>(sp => sp.GetRequiredService<TClient>());
    }
}
