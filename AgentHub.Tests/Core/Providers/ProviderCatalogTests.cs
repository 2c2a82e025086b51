using Microsoft.Extensions.Configuration;

namespace AgentHub.Tests.Core.Providers;

public sealed class ProviderCatalogTests
{
    private static ProviderCatalog Catalog(Dictionary<string, string?>? settings = null) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build());

    [Fact]
    public void TheCatalogShouldHoldTheEightProvidersOfTheSpecificationInOrder()
    {
        var providers = Catalog().All.Select(p => (p.Id, p.DisplayName));

        Assert.Equal(
        [
            ("openai", "OpenAI"), ("anthropic", "Anthropic"), ("gemini", "Gemini"), ("fireworks", "Fireworks AI"),
            ("vertex-ai", "Vertex AI"), ("databricks", "Databricks"), ("bedrock", "AWS Bedrock"), ("custom", "Custom"),
        ], providers);
    }

    [Theory]
    [InlineData(ProviderIds.OpenAi, "API Key", "Organization ID")]
    [InlineData(ProviderIds.Anthropic, "API Key", "")]
    [InlineData(ProviderIds.Gemini, "API Key", "")]
    [InlineData(ProviderIds.Fireworks, "API Key", "Base URL")]
    [InlineData(ProviderIds.VertexAi, "Service Account Key (JSON)", "Project,Location")]
    [InlineData(ProviderIds.Databricks, "API Key,Workspace URL", "")]
    [InlineData(ProviderIds.Bedrock, "API Key", "Region")]
    [InlineData(ProviderIds.Custom, "Base URL", "API Key,Extra headers,CA certificate (PEM)")]
    public void EachProviderShouldHaveTheRequiredAndOptionalFieldsOfTheSpecification(string id, string required, string optional)
    {
        var schema = Catalog().Get(id);

        Assert.Equal(required.Split(',', StringSplitOptions.RemoveEmptyEntries), schema.Fields.Where(f => f.Required).Select(f => f.Label));
        Assert.Equal(optional.Split(',', StringSplitOptions.RemoveEmptyEntries), schema.Fields.Where(f => !f.Required).Select(f => f.Label));
    }

    [Fact]
    public void EveryFieldShouldHaveHelpTextAndEveryProviderAHintField()
    {
        Assert.All(Catalog().All, schema =>
        {
            Assert.All(schema.Fields, f => Assert.False(string.IsNullOrWhiteSpace(f.HelpText), $"{schema.Id}.{f.Key}"));
            Assert.NotNull(schema.Field(schema.HintField));
            Assert.True(schema.Field(schema.HintField)!.IsSecret);
        });
    }

    [Fact]
    public void SecretsShouldBeTheKeysTheServiceAccountJsonAndTheHeaders()
    {
        var secretFields = Catalog().All.SelectMany(s => s.Fields.Where(f => f.IsSecret).Select(f => $"{s.Id}.{f.Key}")).Distinct();

        Assert.Equal(
        [
            "openai.apiKey", "anthropic.apiKey", "gemini.apiKey", "fireworks.apiKey", "vertex-ai.serviceAccountKey",
            "databricks.apiKey", "bedrock.apiKey", "custom.apiKey", "custom.extraHeaders",
        ], secretFields);
    }

    [Theory]
    [InlineData(ProviderIds.OpenAi, "https://api.openai.com/v1/")]
    [InlineData(ProviderIds.Anthropic, "https://api.anthropic.com/v1/")]
    [InlineData(ProviderIds.Gemini, "https://generativelanguage.googleapis.com/v1beta/")]
    [InlineData(ProviderIds.Fireworks, "https://api.fireworks.ai/inference/v1/")]
    [InlineData(ProviderIds.VertexAi, "https://us-central1-aiplatform.googleapis.com/")]
    [InlineData(ProviderIds.Bedrock, "https://bedrock.us-east-1.amazonaws.com/")]
    public void DefaultBaseUrlsShouldBeThePublicApisWithDefaultsFilledIn(string id, string expected)
    {
        var catalog = Catalog();

        Assert.Equal(expected, catalog.BaseUrlFor(catalog.Get(id), new Dictionary<string, string>())!.AbsoluteUri);
    }

    [Fact]
    public void ARegionValueShouldReplaceTheDefaultInTheBaseUrl()
    {
        var catalog = Catalog();

        var url = catalog.BaseUrlFor(catalog.Get(ProviderIds.Bedrock), new Dictionary<string, string> { [FieldKeys.Region] = "eu-west-1" });

        Assert.Equal("https://bedrock.eu-west-1.amazonaws.com/", url!.AbsoluteUri);
    }

    [Fact]
    public void AConfiguredBaseUrlShouldOverrideTheDefaultAndKeepItsPath()
    {
        var catalog = Catalog(new() { ["AgentHub:Providers:openai:BaseUrl"] = "https://127.0.0.1:5443/proxy/v1" });

        var url = catalog.BaseUrlFor(catalog.Get(ProviderIds.OpenAi), new Dictionary<string, string>())!;

        Assert.Equal("https://127.0.0.1:5443/proxy/v1/", url.AbsoluteUri);
        Assert.Equal("https://127.0.0.1:5443/proxy/v1/models", new Uri(url, "models").AbsoluteUri);
    }

    [Fact]
    public void AnOperatorsUrlsShouldBeReadAgainWhenTheConfigurationReloads()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AgentHub:Providers:openai:BaseUrl"] = "https://proxy-one.example/v1",
        }).Build();
        var catalog = new ProviderCatalog(configuration);
        var before = (catalog.ConfiguredBaseUrl(ProviderIds.OpenAi), catalog.TrustedUrls(ProviderIds.OpenAi).Single());

        configuration["AgentHub:Providers:openai:BaseUrl"] = "https://proxy-two.example/v1";
        var cached = catalog.ConfiguredBaseUrl(ProviderIds.OpenAi);
        configuration.Reload();

        Assert.Equal(("https://proxy-one.example/v1/", "https://proxy-one.example/v1"), (before.Item1!.AbsoluteUri, before.Item2.AbsoluteUri));
        // Read once (each read of the app's configuration takes a lock), and again after a reload.
        Assert.Equal("https://proxy-one.example/v1/", cached!.AbsoluteUri);
        Assert.Equal("https://proxy-two.example/v1/", catalog.ConfiguredBaseUrl(ProviderIds.OpenAi)!.AbsoluteUri);
        Assert.Equal("https://proxy-two.example/v1", catalog.TrustedUrls(ProviderIds.OpenAi).Single().AbsoluteUri);
    }

    [Fact]
    public void ProvidersWhoseAddressTheAdminTypesShouldHaveNoDefaultBase()
    {
        var catalog = Catalog();

        Assert.Null(catalog.BaseUrlFor(catalog.Get(ProviderIds.Databricks), new Dictionary<string, string>()));
        Assert.Null(catalog.BaseUrlFor(catalog.Get(ProviderIds.Custom), new Dictionary<string, string>()));
    }

    [Fact]
    public void AnUnknownIdShouldNotBeFound()
    {
        Assert.Null(Catalog().Find("acme"));
        Assert.Throws<ArgumentException>(() => Catalog().Get("acme"));
    }
}
