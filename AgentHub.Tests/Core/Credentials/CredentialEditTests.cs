using Microsoft.Extensions.Configuration;

namespace AgentHub.Tests.Core.Credentials;

/// <summary>The pure edit rules that the service and the edit dialog share: no database, no provider.</summary>
public sealed class CredentialEditTests
{
    private static readonly ProviderCatalog Catalog = new(new ConfigurationBuilder().Build());

    private static CredentialEdit Edit(string providerId, Dictionary<string, string> settings, string[] storedSecrets, Action<CredentialInput> change)
    {
        var stored = new StoredCredential("Prod", "For agents", settings, storedSecrets.ToHashSet());
        var input = new CredentialInput
        {
            Name = "Prod", Description = "For agents", ProviderId = providerId, IsEdit = true,
            Values = settings.ToDictionary(kv => kv.Key, kv => (string?)kv.Value),
        };
        change(input);
        return new CredentialEdit(Catalog.Get(providerId), stored, input);
    }

    [Fact]
    public void ARenameAloneShouldChangeNoAuthenticationAndNeedNothingTypedAgain()
    {
        var edit = Edit(ProviderIds.Custom, new() { [FieldKeys.BaseUrl] = "https://llm.example.com/v1" }, [FieldKeys.ApiKey], i => i.Name = "Renamed");

        Assert.False(edit.ChangesAuthentication);
        Assert.Null(edit.Refusal());
        Assert.Equal(["Name"], edit.ChangedFields);
    }

    [Fact]
    public void SwitchingBetweenABlankFieldAndItsDefaultShouldNotCountAsAnAuthenticationChange()
    {
        var edit = Edit(ProviderIds.Bedrock, new(), [FieldKeys.ApiKey], i => i.Values[FieldKeys.Region] = "us-east-1");

        Assert.False(edit.ChangesAuthentication);
    }

    [Fact]
    public void ANewRegionShouldBeAnAuthenticationChangeThatKeepsTheStoredKey()
    {
        var edit = Edit(ProviderIds.Bedrock, new(), [FieldKeys.ApiKey], i => i.Values[FieldKeys.Region] = "eu-west-1");

        Assert.True(edit.ChangesAuthentication);
        Assert.Null(edit.Refusal());
        Assert.Equal("stored-key", edit.MergeSecrets(new Dictionary<string, string> { [FieldKeys.ApiKey] = "stored-key" })[FieldKeys.ApiKey]);
    }

    [Theory]
    [InlineData(ProviderIds.Custom, FieldKeys.BaseUrl)]
    [InlineData(ProviderIds.Fireworks, FieldKeys.BaseUrl)]
    [InlineData(ProviderIds.Databricks, FieldKeys.WorkspaceUrl)]
    public void ANewAddressWithTheKeyLeftBlankShouldBeRefusedAtTheAddressField(string providerId, string addressField)
    {
        var settings = Inputs.ValidValues(providerId).Where(kv => kv.Key != FieldKeys.ApiKey).ToDictionary(kv => kv.Key, kv => kv.Value!);
        var edit = Edit(providerId, settings, [FieldKeys.ApiKey], i => i.Values[addressField] = "https://elsewhere.example.net/v1");

        var refusal = edit.Refusal();

        Assert.NotNull(refusal);
        Assert.Equal(OperationErrorKind.Invalid, refusal.Kind);
        Assert.StartsWith("Type the API Key again to use it at a new address", refusal.FieldErrors[addressField][0]);
        Assert.Contains(FieldKeys.ApiKey, refusal.FieldErrors.Keys);
    }

    [Fact]
    public void ANewAddressWithTheKeyTypedAgainShouldBeAllowed()
    {
        var edit = Edit(ProviderIds.Custom, new() { [FieldKeys.BaseUrl] = "https://llm.example.com/v1" }, [FieldKeys.ApiKey], i =>
        {
            i.Values[FieldKeys.BaseUrl] = "https://elsewhere.example.net/v1";
            i.Values[FieldKeys.ApiKey] = "sk-typed-again-0001";
        });

        Assert.Null(edit.Refusal());
        Assert.True(edit.ChangesAuthentication);
    }

    [Fact]
    public void ANewAddressShouldAlsoRequireTheStoredExtraHeadersOrTheirRemoval()
    {
        var stored = new Dictionary<string, string> { [FieldKeys.BaseUrl] = "https://llm.example.com/v1" };
        string[] secrets = [FieldKeys.ApiKey, FieldKeys.ExtraHeaders];

        var keyOnly = Edit(ProviderIds.Custom, stored, secrets, i =>
        {
            i.Values[FieldKeys.BaseUrl] = "https://elsewhere.example.net/v1";
            i.Values[FieldKeys.ApiKey] = "sk-typed-again-0001";
        });
        var headersRemoved = Edit(ProviderIds.Custom, stored, secrets, i =>
        {
            i.Values[FieldKeys.BaseUrl] = "https://elsewhere.example.net/v1";
            i.Values[FieldKeys.ApiKey] = "sk-typed-again-0001";
            i.ClearedSecrets.Add(FieldKeys.ExtraHeaders);
        });

        Assert.Equal([FieldKeys.ExtraHeaders], keyOnly.SecretsToRetype.Select(f => f.Key));
        Assert.Contains("Extra headers", keyOnly.Refusal()!.FieldErrors[FieldKeys.BaseUrl][0]);
        Assert.Null(headersRemoved.Refusal());
        Assert.False(headersRemoved.MergeSecrets(new Dictionary<string, string> { [FieldKeys.ApiKey] = "old", [FieldKeys.ExtraHeaders] = "X-A: b" })
            .ContainsKey(FieldKeys.ExtraHeaders));
    }

    [Fact]
    public void AnotherCaCertificateShouldRequireTheStoredKeyAgain()
    {
        var edit = Edit(ProviderIds.Custom, new() { [FieldKeys.BaseUrl] = "https://llm.internal/v1" }, [FieldKeys.ApiKey],
            i => i.Values[FieldKeys.CaCertificate] = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----");

        Assert.NotNull(edit.Refusal()?.FieldErrors[FieldKeys.CaCertificate]);
    }

    [Fact]
    public void EveryAddressFieldInTheCatalogShouldBeMarkedAsDecidingWhereSecretsGo()
    {
        var urls = Catalog.All.SelectMany(s => s.Fields.Select(f => (s.Id, f))).Where(x => x.f.Kind == FieldKind.Url).ToList();

        Assert.NotEmpty(urls);
        Assert.All(urls, x => Assert.True(x.f.IsDestination, $"{x.Id}.{x.f.Key} is a URL but not marked IsDestination"));
    }
}
