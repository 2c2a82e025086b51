using AgentHub.Core.Gateway;

namespace AgentHub.Tests.Core.Gateway;

/// <summary>The Core service graph offers a chat dialect for every provider that does not speak OpenAI's format.</summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class ChatDialectRegistrationTests(FakeProviders fakes)
{
    [Theory]
    [MemberData(nameof(ProviderTestValues.OwnDialectProviders), MemberType = typeof(ProviderTestValues))]
    public void AddAgentHubCoreShouldRegisterOneDialectForTheProvider(string providerId)
    {
        var services = fakes.BuildServices();

        var dialects = services.GetServices<IChatDialect>().Where(d => d.ProviderIds.Contains(providerId));

        Assert.Single(dialects);
    }
}
