using Microsoft.Extensions.Configuration;

namespace AgentHub.Tests.Core.Credentials;

public sealed class CredentialInputValidatorTests
{
    private static readonly ProviderCatalog Catalog = new(new ConfigurationBuilder().Build());
    private readonly CredentialInputValidator _validator = new(Catalog);

    public static TheoryData<string> CatalogProviderIds => new(Catalog.All.Select(p => p.Id));

    private Dictionary<string, string[]> Errors(CredentialInput input) =>
        _validator.Validate(input).Errors.GroupBy(e => e.PropertyName).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());

    [Theory]
    [MemberData(nameof(CatalogProviderIds))]
    public void TheSmallestValidInputOfEveryProviderShouldPass(string providerId)
    {
        Assert.Empty(Errors(Inputs.Credential("Name", providerId)));
    }

    [Theory]
    [MemberData(nameof(CatalogProviderIds))]
    public void EveryRequiredFieldLeftBlankShouldBeNamedAtThatField(string providerId)
    {
        var schema = Catalog.Get(providerId);
        var input = new CredentialInput { Name = "Name", ProviderId = providerId };

        var errors = Errors(input);

        Assert.Equal(schema.Fields.Where(f => f.Required).Select(f => f.Key).Order(), errors.Keys.Order());
        Assert.All(schema.Fields.Where(f => f.Required), f => Assert.StartsWith($"{f.Label} is required.", Assert.Single(errors[f.Key])));
    }

    [Fact]
    public void NameShouldBeRequiredAndAtMost100Characters()
    {
        Assert.StartsWith("Name is required", Assert.Single(Errors(Inputs.Credential("   "))["Name"]));
        Assert.StartsWith("Name must be at most 100", Assert.Single(Errors(Inputs.Credential(new string('n', 101)))["Name"]));
        Assert.Empty(Errors(Inputs.Credential(new string('n', 100))));
    }

    [Fact]
    public void DescriptionShouldBeAtMost500Characters()
    {
        var input = Inputs.Credential("Name");
        input.Description = new string('d', 501);

        Assert.StartsWith("Description must be at most 500", Assert.Single(Errors(input)["Description"]));
    }

    [Fact]
    public void AnUnknownProviderShouldBeRefusedAtTheProviderField()
    {
        var input = new CredentialInput { Name = "Name", ProviderId = "acme" };

        Assert.StartsWith("Provider is required", Assert.Single(Errors(input)["ProviderId"]));
    }

    [Theory]
    [InlineData("http://llm.example.com/v1", "Base URL must start with https://")]
    [InlineData("llm.example.com/v1", "Base URL must be a full address starting with https://")]
    [InlineData("https://user:pw@llm.example.com/v1", "Base URL must not contain a user name or password")]
    [InlineData("https://llm.example.com/v1?key=x", "Base URL must not contain ? or # parts")]
    [InlineData("ftp://llm.example.com/v1", "Base URL must start with https://")]
    public void URLsShouldBeHttpsAddressesWithoutCredentials(string url, string message)
    {
        var input = Inputs.Credential("Name", ProviderIds.Custom, values: new() { [FieldKeys.BaseUrl] = url });

        Assert.StartsWith(message, Assert.Single(Errors(input)[FieldKeys.BaseUrl]));
    }

    [Theory]
    [InlineData("project_id")]
    [InlineData("private_key_id")]
    [InlineData("private_key")]
    [InlineData("client_email")]
    [InlineData("token_uri")]
    public void AServiceAccountKeyMissingAFieldShouldNameThatField(string field)
    {
        var input = Inputs.Credential("Name", ProviderIds.VertexAi, values: new() { [FieldKeys.ServiceAccountKey] = Inputs.ServiceAccountJson(without: field) });

        Assert.Equal($"Service Account Key (JSON) has no \"{field}\": download a new JSON key for the service account and paste it whole.",
            Assert.Single(Errors(input)[FieldKeys.ServiceAccountKey]));
    }

    [Theory]
    [InlineData("not json", "is not valid JSON")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("{\"type\":\"authorized_user\"}", "is not a service-account key")]
    public void AMalformedServiceAccountKeyShouldSayWhatIsWrong(string json, string problem)
    {
        var input = Inputs.Credential("Name", ProviderIds.VertexAi, values: new() { [FieldKeys.ServiceAccountKey] = json });

        Assert.Contains(problem, Assert.Single(Errors(input)[FieldKeys.ServiceAccountKey]));
    }

    [Fact]
    public void AServiceAccountKeyWithoutAPemPrivateKeyShouldBeRefusedWithoutQuotingIt()
    {
        const string NotPem = "AAAAB3NzaC1yc2EAAAADAQABAAABAQ-secret-material";
        var input = Inputs.Credential("Name", ProviderIds.VertexAi, values: new() { [FieldKeys.ServiceAccountKey] = Inputs.ServiceAccountJson(privateKey: NotPem) });

        var message = Assert.Single(Errors(input)[FieldKeys.ServiceAccountKey]);

        Assert.Contains("not a PKCS#8 PEM key", message);
        Assert.DoesNotContain(NotPem, message);
    }

    [Theory]
    [InlineData("X-Gateway: abc\nno colon here", "Extra headers line 2 must look like \"Name: value\"")]
    [InlineData("Host: evil.example.com", "Extra headers line 1 sets Host, which Agent Hub manages itself")]
    [InlineData("Bad Name: v", "Extra headers line 1 has a header name with characters HTTP does not allow")]
    [InlineData("X-A: 1\nx-a: 2", "Extra headers line 2 repeats the header x-a")]
    [InlineData("Authorization: Basic dXNlcjpwYXNz", "Extra headers line 1 sets Authorization: put the key in the API Key field")]
    public void ExtraHeadersShouldBeNameValueLinesOfAllowedHeaders(string headers, string message)
    {
        var input = Inputs.Credential("Name", ProviderIds.Custom, values: new() { [FieldKeys.ExtraHeaders] = headers });

        Assert.StartsWith(message, Assert.Single(Errors(input)[FieldKeys.ExtraHeaders]));
    }

    [Fact]
    public void ExtraHeaderProblemsShouldNotQuoteTheValue()
    {
        const string Secret = "gw-secret-value-123456";
        var input = Inputs.Credential("Name", ProviderIds.Custom, values: new() { [FieldKeys.ExtraHeaders] = $"X-A: {Secret}\nX-A: {Secret}" });

        Assert.DoesNotContain(Secret, Assert.Single(Errors(input)[FieldKeys.ExtraHeaders]));
    }

    [Theory]
    [InlineData("hello", "must contain at least one -----BEGIN CERTIFICATE----- block")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "could not be read as a certificate")]
    public void ACaCertificateShouldBePem(string pem, string problem)
    {
        var input = Inputs.Credential("Name", ProviderIds.Custom, values: new() { [FieldKeys.CaCertificate] = pem });

        Assert.Contains(problem, Assert.Single(Errors(input)[FieldKeys.CaCertificate]));
    }

    [Fact]
    public void ARealCaCertificateShouldPass()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Test CA", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        var input = Inputs.Credential("Name", ProviderIds.Custom, values: new() { [FieldKeys.CaCertificate] = certificate.ExportCertificatePem() });

        Assert.Empty(Errors(input));
    }

    [Theory]
    [InlineData("sk-with space-123456", "API Key contains spaces or line breaks")]
    [InlineData("abc1234", "API Key looks too short")]
    public void ASecretShouldBeOneWordOfReasonableLength(string key, string message)
    {
        var errors = Errors(Inputs.Credential("Name", apiKey: key));

        Assert.StartsWith(message, Assert.Single(errors[FieldKeys.ApiKey]));
        Assert.DoesNotContain(key, errors[FieldKeys.ApiKey][0]);
    }

    [Theory]
    [InlineData(ProviderIds.Bedrock, FieldKeys.Region, "mars-north-1", "Region must be one of the listed values")]
    [InlineData(ProviderIds.OpenAi, FieldKeys.OrganizationId, "acme", "Organization ID starts with \"org-\"")]
    [InlineData(ProviderIds.VertexAi, FieldKeys.Location, "Central US", "Location is a Google Cloud region")]
    [InlineData(ProviderIds.VertexAi, FieldKeys.Project, "X", "Project is a Google Cloud project ID")]
    public void OptionalFieldsShouldKeepTheirFormat(string providerId, string field, string value, string message)
    {
        var input = Inputs.Credential("Name", providerId, values: new() { [field] = value });

        Assert.StartsWith(message, Assert.Single(Errors(input)[field]));
    }

    [Fact]
    public void OnEditABlankRequiredSecretShouldMeanKeepTheStoredOne()
    {
        var input = Inputs.Credential("Name", ProviderIds.Databricks, apiKey: null);
        input.IsEdit = true;

        Assert.Empty(Errors(input));
    }

    [Fact]
    public void OnEditABlankRequiredNonSecretFieldShouldStillBeRequired()
    {
        var input = Inputs.Credential("Name", ProviderIds.Databricks, values: new() { [FieldKeys.WorkspaceUrl] = "" });
        input.IsEdit = true;

        Assert.StartsWith("Workspace URL is required.", Assert.Single(Errors(input)[FieldKeys.WorkspaceUrl]));
    }
}
