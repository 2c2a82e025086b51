using Microsoft.Extensions.DependencyInjection;

namespace AgentHub.Core.Verification;

/// <summary>
/// Which registered client class serves each provider, learnt once from the registrations, so that
/// <see cref="ProviderClients"/> makes only the one it needs.
/// </summary>
public sealed class ProviderClientTypes
{
    private IReadOnlyDictionary<string, Type>? _types;

    /// <summary>A new client of <paramref name="providerId"/> from <paramref name="services"/>, or null when none is registered.</summary>
    public IProviderClient? Create(IServiceProvider services, string providerId)
    {
        // Learnt on first use (a race only learns it twice).
        var types = _types ??= services.GetServices<IProviderClient>()
            .GroupBy(c => c.ProviderId)
            .ToDictionary(g => g.Key, g => g.First().GetType());
        // Every client is registered as its own class too (AddProviderClient), so it is made alone.
        return types.TryGetValue(providerId, out var type) ? services.GetService(type) as IProviderClient : null;
    }
}
