using AgentHub.Core.Gateway;
using AgentHub.Core.Gateway.Dialects;
using AgentHub.Core.Verification.Clients;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AgentHub.Tests.Core.Providers;

/// <summary>The app refuses to start when the catalog and the registered provider clients and dialects disagree.</summary>
public sealed class ProviderRegistrationTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "agenthub-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task TheAppShouldStartWhenEveryProviderHasItsClientAndDialect()
    {
        using var host = Build(_ => { });

        await host.StartAsync();

        await host.StopAsync();
    }

    [Fact]
    public async Task TheAppShouldRefuseToStartWhenAProviderHasNoClient()
    {
        using var host = Build(services =>
        {
            // The app's registrations with Bedrock's client left out.
            services.RemoveAll<IProviderClient>();
            foreach (var client in ClientTypes().Where(t => t != typeof(BedrockClient)))
            {
                services.AddTransient(sp => (IProviderClient)sp.GetRequiredService(client));
            }
        });

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("Provider 'bedrock' has no verification client", refused.Message);
    }

    [Fact]
    public async Task TheAppShouldRefuseToStartWhenAProviderHasNoChatDialect()
    {
        using var host = Build(services => services.Remove(services.Single(d => d.ImplementationType == typeof(AnthropicDialect))));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("Provider 'anthropic' has no chat dialect", refused.Message);
    }

    [Fact]
    public async Task TheAppShouldRefuseToStartWhenAClientServesAProviderTheCatalogDoesNotList()
    {
        using var host = Build(services => services.AddTransient<IProviderClient, UnlistedClient>());

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("A verification client is registered for provider 'mistral', which the catalog does not list.", refused.Message);
    }

    [Fact]
    public void EveryDisagreementShouldBeNamedWithItsProvider()
    {
        var catalog = ProviderTestValues.Catalog.All.Take(2).ToList();

        var problems = ProviderRegistrationCheck.Problems(catalog, [ProviderIds.OpenAi, ProviderIds.OpenAi], [ProviderIds.Anthropic, "mistral"]);

        Assert.Equal(
        [
            "Provider 'anthropic' has no verification client (an IProviderClient registered in AddAgentHubCore).",
            "Provider 'openai' has no chat dialect (an IChatDialect registered in AddAgentHubCore).",
            "A chat dialect is registered for provider 'mistral', which the catalog does not list.",
            "Provider 'openai' has 2 verification clients.",
        ], problems);
    }

    private IHost Build(Action<IServiceCollection> change)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AgentHub:DataProtection:KeysPath"] = Path.Combine(_folder, "keys"),
            ["ConnectionStrings:AgentHub"] = $"Data Source={Path.Combine(_folder, "unused.db")}",
        });
        builder.Services.AddAgentHubCore(builder.Configuration);
        change(builder.Services);
        return builder.Build();
    }

    private static IEnumerable<Type> ClientTypes() =>
        typeof(ProviderClient).Assembly.GetTypes().Where(t => t is { IsAbstract: false, IsClass: true } && typeof(IProviderClient).IsAssignableFrom(t));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>A client for a provider the catalog does not list.</summary>
    private sealed class UnlistedClient : IProviderClient
    {
        public string ProviderId => "mistral";

        public Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ModelListResult> ListModelsAsync(VerificationRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ProbeResult> ProbeAsync(VerificationRequest request, string modelId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
