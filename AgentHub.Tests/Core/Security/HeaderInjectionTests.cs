using Microsoft.Extensions.Configuration;

namespace AgentHub.Tests.Core.Security;

/// <summary>
/// Every value that becomes a header (or a host name) is checked: a CR/LF in it is refused at its
/// field by the form, and refused before any byte is sent when it reaches a client another way.
/// </summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class HeaderInjectionTests : IDisposable
{
    private const string Injection = "\r\nX-Injected: 1";

    private static readonly ProviderCatalog Catalog = new(new ConfigurationBuilder().Build());
    private readonly FakeProviders _fakes;

    public HeaderInjectionTests(FakeProviders fakes)
    {
        _fakes = fakes;
        _fakes.ResetAll();
    }

    /// <summary>(provider, field) for every field whose value is sent in a header or a host name.</summary>
    public static TheoryData<string, string> HeaderFields() => new()
    {
        { ProviderIds.OpenAi, FieldKeys.ApiKey },
        { ProviderIds.OpenAi, FieldKeys.OrganizationId },
        { ProviderIds.Anthropic, FieldKeys.ApiKey },
        { ProviderIds.Gemini, FieldKeys.ApiKey },
        { ProviderIds.Fireworks, FieldKeys.ApiKey },
        { ProviderIds.VertexAi, FieldKeys.Project },
        { ProviderIds.VertexAi, FieldKeys.Location },
        { ProviderIds.Databricks, FieldKeys.ApiKey },
        { ProviderIds.Bedrock, FieldKeys.ApiKey },
        { ProviderIds.Bedrock, FieldKeys.Region },
        { ProviderIds.Custom, FieldKeys.ApiKey },
    };

    [Theory]
    [MemberData(nameof(HeaderFields))]
    public void TheFormShouldRefuseALineBreakInAValueSentAsAHeader(string providerId, string field)
    {
        var input = Inputs.Credential("Name", providerId);
        input.Values[field] = SampleValue(providerId, field) + Injection;

        var errors = new CredentialInputValidator(Catalog).Validate(input).Errors;

        Assert.Contains(errors, e => e.PropertyName == field);
    }

    [Fact]
    public void TheFormShouldRefuseALineBreakInAnExtraHeaderValue()
    {
        var input = Inputs.Credential("Name", ProviderIds.Custom);
        input.Values[FieldKeys.ExtraHeaders] = "X-Gateway: a\rX-Injected: 1";

        var errors = new CredentialInputValidator(Catalog).Validate(input).Errors;

        Assert.Contains(errors, e => e.PropertyName == FieldKeys.ExtraHeaders);
    }

    [Fact]
    public void TheFormShouldRefuseAKeyWhoseProjectIdWouldInjectAHeaderWhenProjectIsBlank()
    {
        var input = Inputs.Credential("Name", ProviderIds.VertexAi);
        input.Values[FieldKeys.ServiceAccountKey] = Inputs.ServiceAccountJson().Replace("\"test-project\"", "\"test-project\\r\\nX-Injected: 1\"", StringComparison.Ordinal);

        var errors = new CredentialInputValidator(Catalog).Validate(input).Errors;

        Assert.Contains(errors, e => e.PropertyName == FieldKeys.ServiceAccountKey && e.ErrorMessage.Contains("project_id", StringComparison.Ordinal));
    }

    [Fact]
    public void TheFormShouldAcceptAnUnusualProjectIdWhenProjectIsGiven()
    {
        var input = Inputs.Credential("Name", ProviderIds.VertexAi);
        input.Values[FieldKeys.ServiceAccountKey] = Inputs.ServiceAccountJson().Replace("\"test-project\"", "\"example.com:legacy-project\"", StringComparison.Ordinal);
        input.Values[FieldKeys.Project] = "models-project";

        Assert.True(new CredentialInputValidator(Catalog).Validate(input).IsValid);
    }

    [Theory]
    [MemberData(nameof(HeaderFields))]
    public async Task AClientShouldRefuseALineBreakInAValueSentAsAHeaderBeforeSendingAnything(string providerId, string field)
    {
        await using var services = _fakes.BuildServices();
        var credential = _fakes.Credential(services, providerId, extra: new() { [field] = SampleValue(providerId, field) + Injection });

        var result = await services.GetRequiredService<ProviderVerifier>().VerifyAsync(credential, CancellationToken.None);

        Assert.Contains(result.Outcome, new[] { VerificationOutcome.InvalidKey, VerificationOutcome.InvalidServiceAccount });
        Assert.Equal(0, _fakes.For(providerId).Calls);
    }

    [Fact]
    public async Task AClientShouldRefuseALineBreakInAnExtraHeaderValueBeforeSendingAnything()
    {
        await using var services = _fakes.BuildServices();
        var credential = _fakes.Credential(services, ProviderIds.Custom, extra: new() { [FieldKeys.ExtraHeaders] = "X-Gateway: a\rX-Injected: 1" });

        var result = await services.GetRequiredService<ProviderVerifier>().VerifyAsync(credential, CancellationToken.None);

        Assert.Equal(VerificationOutcome.InvalidKey, result.Outcome);
        Assert.Equal(0, _fakes.Custom.Calls);
    }

    [Fact]
    public async Task AClientShouldRefuseAKeyWhoseProjectIdWouldInjectAHeaderBeforeSendingAnything()
    {
        await using var services = _fakes.BuildServices();
        _fakes.VertexAi.ProjectId = "fake-project" + Injection;
        var credential = _fakes.Credential(services, ProviderIds.VertexAi);

        var result = await services.GetRequiredService<ProviderVerifier>().ListModelsAsync(credential, CancellationToken.None);

        Assert.Equal(VerificationOutcome.InvalidServiceAccount, result.Result.Outcome);
        Assert.Contains("project_id", result.Result.Message);
        Assert.Equal(0, _fakes.VertexAi.Calls);
        Assert.DoesNotContain(_fakes.VertexAi.Requests, r => r.Headers.ContainsKey("X-Injected"));
    }

    /// <summary>A value the field accepts, so that only the injected line break is wrong.</summary>
    private string SampleValue(string providerId, string field) => field switch
    {
        FieldKeys.OrganizationId => _fakes.OpenAi.Organization,
        FieldKeys.Project => "fake-project",
        FieldKeys.Location => "us-central1",
        FieldKeys.Region => "us-east-1",
        _ => _fakes.For(providerId).ValidKey,
    };

    public void Dispose()
    {
        _fakes.VertexAi.ProjectId = "fake-project";
        _fakes.ResetAll();
    }
}
