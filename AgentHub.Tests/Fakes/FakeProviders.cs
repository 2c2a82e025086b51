using AgentHub.Core.Verification.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentHub.Tests.Fakes;

/// <summary>
/// All eight fake providers, started once for a test collection, and the means to build the real
/// Core service graph pointed at them (operator base URLs, the fakes' certificate trusted).
/// </summary>
public sealed class FakeProviders : IAsyncLifetime
{
    public FakeOpenAi OpenAi { get; } = new();
    public FakeAnthropic Anthropic { get; } = new();
    public FakeGemini Gemini { get; } = new();
    public FakeFireworks Fireworks { get; } = new();
    public FakeVertexAi VertexAi { get; } = new();
    public FakeDatabricks Databricks { get; } = new();
    public FakeBedrock Bedrock { get; } = new();
    public FakeCustom Custom { get; } = new();

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "agenthub-tests", Guid.NewGuid().ToString("N"));
    private readonly List<ServiceProvider> _built = [];

    public IEnumerable<FakeProviderServer> All => [OpenAi, Anthropic, Gemini, Fireworks, VertexAi, Databricks, Bedrock, Custom];

    public FakeProviderServer For(string providerId) => ProviderTestValues.For(providerId).Fake(this);

    public async Task InitializeAsync()
    {
        foreach (var fake in All)
        {
            await fake.StartAsync();
        }

        ResetAll();
    }

    /// <summary>Back to success answers, default keys and each fake's model list.</summary>
    public void ResetAll()
    {
        foreach (var fake in All)
        {
            fake.Reset();
            fake.Models.Clear();
        }

        OpenAi.Models.AddRange(["gpt-4o", "gpt-4o-mini", FakeOpenAi.LegacyModel]);
        Anthropic.Models.AddRange(["claude-3-5-haiku-20241022", "claude-opus-4-1", "claude-sonnet-4-5", "claude-haiku-4-5", "claude-3-7-sonnet"]);
        Gemini.Models.AddRange(["gemini-2.0-flash", "text-embedding-004", "gemini-2.5-pro", "gemini-2.5-flash"]);
        Fireworks.Models.AddRange(["accounts/fireworks/models/llama-v3p1-8b-instruct", "accounts/fireworks/models/qwen3-235b"]);
        Fireworks.ListFailsWithValidKey = false;
        Fireworks.NoList = false;
        VertexAi.Models.AddRange(["gemini-2.0-flash-001", "gemini-2.5-pro"]);
        VertexAi.ServiceDisabled = false;
        Databricks.Models.AddRange(["databricks-meta-llama-3-3-70b-instruct", "my-private-endpoint"]);
        Databricks.TokenExpiries.Clear();
        Databricks.TokenListRefused = false;
        Bedrock.Models.AddRange(["anthropic.claude-3-haiku-20240307-v1:0", "amazon.titan-embed-text-v2:0", "meta.llama3-70b-instruct-v1:0"]);
        Custom.Models.AddRange(["llama-3.1-8b", "qwen2.5-7b"]);
        OpenAi.RawReply = null;
        Custom.RequiredHeader = null;
        Custom.EchoHeader = null;
        Custom.RequireKey = true;
        Custom.NoList = false;
        Custom.NothingThere = false;
    }

    /// <summary>
    /// The configuration an operator would write to point Agent Hub at these fakes. Admin-typed
    /// URLs (Databricks workspace, Custom base) are trusted only through these operator entries.
    /// </summary>
    public Dictionary<string, string?> OperatorSettings(bool trustTypedUrls = true)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AgentHub:Providers:openai:BaseUrl"] = OpenAi.BaseUrl.AbsoluteUri,
            ["AgentHub:Providers:anthropic:BaseUrl"] = Anthropic.BaseUrl.AbsoluteUri,
            ["AgentHub:Providers:gemini:BaseUrl"] = Gemini.BaseUrl.AbsoluteUri,
            ["AgentHub:Providers:fireworks:BaseUrl"] = Fireworks.BaseUrl.AbsoluteUri,
            ["AgentHub:Providers:vertex-ai:BaseUrl"] = VertexAi.Root.AbsoluteUri,
            ["AgentHub:Providers:vertex-ai:TokenUrl"] = VertexAi.TokenUrl.AbsoluteUri,
            ["AgentHub:Providers:bedrock:BaseUrl"] = Bedrock.BaseUrl.AbsoluteUri,
        };
        if (trustTypedUrls)
        {
            settings["AgentHub:Providers:databricks:BaseUrl"] = Databricks.Root.AbsoluteUri;
            settings["AgentHub:Providers:custom:BaseUrl"] = Custom.Root.AbsoluteUri;
        }

        return settings;
    }

    /// <summary>
    /// The Core services as the app wires them, pointed at the fakes. The fakes' certificate is
    /// trusted unless <paramref name="trustFakeCertificate"/> is false; <paramref name="overrides"/>
    /// replace or add operator settings.
    /// </summary>
    public ServiceProvider BuildServices(
        TimeSpan? timeout = null, bool trustTypedUrls = true, bool allowPrivate = false, bool trustFakeCertificate = true, ILoggerProvider? logs = null,
        IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = OperatorSettings(trustTypedUrls);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        settings["AgentHub:Verification:Timeout"] = (timeout ?? TimeSpan.FromSeconds(10)).ToString();
        settings["AgentHub:Network:AllowPrivateEndpoints"] = allowPrivate ? "true" : "false";
        settings["AgentHub:DataProtection:KeysPath"] = Path.Combine(_folder, "keys");
        settings["ConnectionStrings:AgentHub"] = $"Data Source={Path.Combine(_folder, "unused.db")}";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(b =>
            {
                b.SetMinimumLevel(LogLevel.Trace);
                if (logs is not null)
                {
                    b.AddProvider(logs);
                }
            })
            .AddAgentHubCore(configuration);
        if (trustFakeCertificate)
        {
            TrustTheFakes(services);
        }
        var provider = services.BuildServiceProvider();
        _built.Add(provider);
        return provider;
    }

    /// <summary>Makes a service graph trust the fakes' certificate for provider calls (and nothing else).</summary>
    public static void TrustTheFakes(IServiceCollection services)
    {
        var trust = new OutboundTrust();
        trust.AdditionalRoots.Add(TestCertificates.Root);
        services.AddSingleton(trust);
    }

    /// <summary>A credential for <paramref name="providerId"/> that its fake accepts (or refuses, with <paramref name="wrongKey"/>).</summary>
    public VerificationRequest Credential(IServiceProvider services, string providerId, string? wrongKey = null, Dictionary<string, string>? extra = null)
    {
        var values = ProviderTestValues.For(providerId).FakeValues(this, wrongKey);
        foreach (var (name, value) in extra ?? [])
        {
            values[name] = value;
        }

        return new VerificationRequest(services.GetRequiredService<ProviderCatalog>().Get(providerId), values);
    }

    public async Task DisposeAsync()
    {
        foreach (var provider in _built)
        {
            await provider.DisposeAsync();
        }

        foreach (var fake in All)
        {
            await fake.DisposeAsync();
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FakeProvidersCollection : ICollectionFixture<FakeProviders>
{
    public const string Name = "Fake providers";
}
