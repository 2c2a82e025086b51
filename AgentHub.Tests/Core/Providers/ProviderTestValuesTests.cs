namespace AgentHub.Tests.Core.Providers;

/// <summary>Every catalog provider has one row of test values and a fake, so the every-provider matrices cover it.</summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class ProviderTestValuesTests(FakeProviders fakes)
{
    [Theory]
    [MemberData(nameof(ProviderTestValues.EveryProvider), MemberType = typeof(ProviderTestValues))]
    public async Task EveryCatalogProviderShouldHaveTestValuesAFakeAndRows(string providerId)
    {
        var row = ProviderTestValues.For(providerId);

        Assert.Contains(row.Fake(fakes), fakes.All);
        Assert.NotEmpty(row.ListedModels);
        Assert.False(string.IsNullOrWhiteSpace(row.ProbeCall));
        var form = new CredentialInput { Name = "Test values", ProviderId = providerId, Values = row.FormValues("sk-test-0000000000001234") };
        var validation = await new CredentialInputValidator(ProviderTestValues.Catalog).ValidateAsync(form);
        Assert.True(validation.IsValid, string.Join(" ", validation.Errors));
    }

    [Fact]
    public void EveryRowShouldBeACatalogProvider()
    {
        var unlisted = ProviderTestValues.RowProviders.Where(id => ProviderTestValues.Catalog.Find(id) is null);

        Assert.Empty(unlisted);
    }

    [Fact]
    public void AProviderWithoutARowShouldFailNamingIt()
    {
        var missing = Assert.Throws<InvalidOperationException>(() => ProviderTestValues.For("mistral"));

        Assert.Contains("'mistral'", missing.Message);
    }
}
