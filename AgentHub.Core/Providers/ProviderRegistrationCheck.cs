using AgentHub.Core.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentHub.Core.Providers;

/// <summary>
/// Refuses to start the app when the catalog and the registered provider parts disagree: a
/// provider without a verification client or without a chat dialect, or a client or dialect for a
/// provider the catalog does not list. A forgotten registration then fails at start, naming the
/// provider and the missing part, instead of at the first verification.
/// </summary>
public sealed class ProviderRegistrationCheck(IServiceProvider services) : IHostedService
{
    /// <summary>Every disagreement between the catalog and the registered clients and dialects, one sentence each.</summary>
    public static IReadOnlyList<string> Problems(
        IEnumerable<ProviderSchema> schemas, IEnumerable<string> clientProviders, IEnumerable<string> dialectProviders)
    {
        var catalog = schemas.Select(s => s.Id).ToList();
        var clients = clientProviders.ToList();
        var dialects = dialectProviders.ToList();
        return
        [
            .. catalog.Where(id => !clients.Contains(id)).Select(id => $"Provider '{id}' has no verification client (an IProviderClient registered in AddAgentHubCore)."),
            .. catalog.Where(id => !dialects.Contains(id)).Select(id => $"Provider '{id}' has no chat dialect (an IChatDialect registered in AddAgentHubCore)."),
            .. clients.Where(id => !catalog.Contains(id)).Distinct().Select(id => $"A verification client is registered for provider '{id}', which the catalog does not list."),
            .. dialects.Where(id => !catalog.Contains(id)).Distinct().Select(id => $"A chat dialect is registered for provider '{id}', which the catalog does not list."),
            .. clients.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => $"Provider '{g.Key}' has {g.Count()} verification clients."),
            .. dialects.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => $"Provider '{g.Key}' has {g.Count()} chat dialects."),
        ];
    }

    /// <summary>Throws, listing every problem, when the registered services disagree with the catalog.</summary>
    public void Check()
    {
        using var scope = services.CreateScope();
        var problems = Problems(
            scope.ServiceProvider.GetRequiredService<ProviderCatalog>().All,
            scope.ServiceProvider.GetServices<IProviderClient>().Select(c => c.ProviderId),
            scope.ServiceProvider.GetServices<IChatDialect>().SelectMany(d => d.ProviderIds));
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Agent Hub cannot start: the provider catalog and the registered providers disagree. " + string.Join(" ", problems));
        }
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Check();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
