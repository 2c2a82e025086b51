namespace AgentHub.Core.Gateway;

/// <summary>The registered chat dialect of each provider, looked up once for the app's life.</summary>
public sealed class ChatDialects(IEnumerable<IChatDialect> dialects)
{
    private readonly Dictionary<string, IChatDialect> _byProvider = dialects
        .SelectMany(d => d.ProviderIds.Select(id => (id, d)))
        .ToDictionary(p => p.id, p => p.d);

    /// <summary>The dialect that speaks <paramref name="providerId"/>'s chat API, or null.</summary>
    public IChatDialect? For(string providerId) => _byProvider.GetValueOrDefault(providerId);
}
