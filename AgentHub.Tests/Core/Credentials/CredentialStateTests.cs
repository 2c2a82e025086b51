using Microsoft.Extensions.Configuration;

namespace AgentHub.Tests.Core.Credentials;

/// <summary>The state changes a credential and a model guard themselves: no database, no provider.</summary>
public sealed class CredentialStateTests
{
    private static readonly ProviderCatalog Catalog = new(new ConfigurationBuilder().Build());
    private static readonly DateTime At = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private static Credential NewCredential(string providerId = ProviderIds.OpenAi) =>
        Credential.Create(Guid.NewGuid(), " Prod ", " ", Catalog.Get(providerId), [], "protected", "…1234", At);

    [Fact]
    public void ANewCredentialShouldBeVerifyingWithItsNameTrimmedAndABlankDescriptionDropped()
    {
        var credential = NewCredential();

        Assert.Equal(CredentialStatus.Verifying, credential.Status);
        Assert.Equal("Verifying with OpenAI…", credential.StatusMessage);
        Assert.Equal("Prod", credential.Name);
        Assert.Null(credential.Description);
    }

    [Fact]
    public void ReplacingSecretsShouldMakeThemReadableAndVoidResultsAboutTheOldOnes()
    {
        var credential = NewCredential();
        credential.MarkSecretsUnreadable();
        var authVersion = credential.AuthVersion;

        credential.ReplaceSecrets("new-protected", "…5678");

        Assert.False(credential.SecretsUnreadable);
        Assert.NotEqual(authVersion, credential.AuthVersion);
        Assert.Equal("…5678", credential.SecretHint);
    }

    [Fact]
    public void AFailedVerificationShouldKeepTheLastVerifiedTimeAndRecordItsClass()
    {
        var credential = NewCredential();
        credential.RecordVerification(VerificationResult.Verified("OpenAI"), At);

        credential.RecordVerification(VerificationResult.Failed(VerificationOutcome.InvalidKey, "OpenAI", "bad key"), At.AddHours(1));

        Assert.Equal(CredentialStatus.Failed, credential.Status);
        Assert.Equal(VerificationOutcome.InvalidKey, credential.FailureOutcome);
        Assert.Equal("bad key", credential.StatusDetail);
        Assert.Equal(At, credential.LastVerifiedAt);
    }

    [Fact]
    public void AnEditShouldGetANewVersionButKeepTheAuthenticationVersion()
    {
        var credential = NewCredential();
        var (version, authVersion) = (credential.Version, credential.AuthVersion);

        credential.Edit("Renamed", "For agents", [], At.AddMinutes(1));

        Assert.NotEqual(version, credential.Version);
        Assert.Equal(authVersion, credential.AuthVersion);
        Assert.Equal("Renamed", credential.Name);
    }

    [Fact]
    public void AModelShouldRefuseToAttachToACredentialOfAnotherProvider()
    {
        var model = ModelConnection.Connect(Guid.NewGuid(), NewCredential(ProviderIds.OpenAi), new ModelInput { ModelId = "gpt-4o" }, At);

        Assert.Throws<InvalidOperationException>(() => model.AttachTo(NewCredential(ProviderIds.Anthropic)));
    }

    [Fact]
    public void AnInvalidModelAttachedToACredentialShouldBeConnectedAgain()
    {
        var model = ModelConnection.Connect(Guid.NewGuid(), NewCredential(), new ModelInput { ModelId = "gpt-4o" }, At);
        model.MarkCredentialDeleted("Prod", At);
        Assert.Equal(ModelState.Invalid, model.State);
        Assert.Equal("Credential 'Prod' was deleted", model.InvalidReason);

        var replacement = NewCredential();
        model.AttachTo(replacement);

        Assert.Equal(ModelState.Connected, model.State);
        Assert.Null(model.InvalidReason);
        Assert.Equal(replacement.Id, model.CredentialId);
    }
}
