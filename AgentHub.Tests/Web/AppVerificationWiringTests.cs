using AgentHub.Core.Verification.Http;

namespace AgentHub.Tests.Web;

/// <summary>The running app wires the real clients: a credential it stores is verified at the base URL the operator configured.</summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class AppVerificationWiringTests(FakeProviders fakes)
{
    [Theory]
    [InlineData(ProviderIds.Anthropic)]
    [InlineData(ProviderIds.Bedrock)]
    public async Task ACredentialCreatedInTheRunningAppShouldBeVerifiedAtTheConfiguredBaseUrl(string providerId)
    {
        fakes.ResetAll();
        await using var app = new AgentHubAppFactory(fakes.OperatorSettings(), FakeProviders.TrustTheFakes);
        using var scope = app.Services.CreateScope();
        var changes = scope.ServiceProvider.GetRequiredService<CredentialChanges>();
        var verification = scope.ServiceProvider.GetRequiredService<CredentialVerification>();
        await AccountForms.CreateOwnerAsync(app.Services);
        var team = await AccountForms.OwnerActorAsync(app.Services);
        var input = new CredentialInput { Name = "Through the app", ProviderId = providerId, Values = { [FieldKeys.ApiKey] = fakes.For(providerId).ValidKey } };

        var created = await changes.CreateAsync(team, input);
        var verified = await verification.VerifyAsync(team, created.ValueOrFail().Id);

        Assert.Equal(CredentialStatus.Verified, verified.ValueOrFail().Status);
        Assert.Equal(1, fakes.For(providerId).Calls);
        fakes.ResetAll();
    }
}
