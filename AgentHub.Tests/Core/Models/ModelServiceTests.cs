using AgentHub.Web.Components.Pages.AgentHub.Models;

namespace AgentHub.Tests.Core.Models;

public sealed class ModelServiceTests : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task ConnectShouldStoreAConnectedModelWithTheCredentialsProvider()
    {
        var credential = await _store.CreateVerifiedAsync("Claude", ProviderIds.Anthropic);

        var result = await _store.ModelChanges.ConnectAsync(_store.Admin, new()
        {
            CredentialId = credential.Id, ModelId = " claude-sonnet-4-5 ", Temperature = 0.2, MaxTokens = 512,
            AdditionalParameters = """{"top_k": 5, "seed": 1}""",
        });

        Assert.True(result.Succeeded, result.Error?.Message);
        var model = Assert.Single(await _store.ModelReader.ListAsync(_store.Admin));
        Assert.Equal("claude-sonnet-4-5", model.ModelId);
        Assert.Equal(ProviderIds.Anthropic, model.ProviderId);
        Assert.Equal("Claude", model.CredentialName);
        Assert.Equal(ModelStatus.Connected, model.Status);
        Assert.Equal("temperature 0.2 · max tokens 512 · +2 more", ModelParameterText.Summarize(model.Parameters));
    }

    [Fact]
    public async Task ConnectShouldRefuseACredentialThatIsNotVerified()
    {
        _store.Verifier.AcceptOnlyKey("nothing-matches-this-key");
        var failed = await _store.CreateVerifiedAsync("Broken");

        var result = await _store.ModelChanges.ConnectAsync(_store.Admin, new() { CredentialId = failed.Id, ModelId = "gpt-4o" });

        Assert.Contains("only Verified credentials", Assert.Single(result.ErrorOrFail().FieldErrors[nameof(ModelInput.CredentialId)]));
        Assert.Empty(await _store.ModelReader.ListAsync(_store.Admin));
    }

    [Fact]
    public async Task ConnectShouldRefuseAnotherTeamsCredential()
    {
        var credential = await _store.CreateVerifiedAsync("Prod");

        var outsider = await _store.AddMemberAsync("other-team-admin", AgentHub.Core.Teams.TeamRole.Admin, Guid.NewGuid());

        var result = await _store.ModelChanges.ConnectAsync(outsider, new() { CredentialId = credential.Id, ModelId = "gpt-4o" });

        Assert.Equal(OperationErrorKind.Invalid, result.ErrorOrFail().Kind);
        Assert.Empty(await _store.ModelReader.ListAsync(_store.Admin));
    }

    [Fact]
    public async Task ConnectShouldReportEachInvalidParameterAtItsField()
    {
        var credential = await _store.CreateVerifiedAsync("Prod");

        var result = await _store.ModelChanges.ConnectAsync(_store.Admin, new()
        {
            CredentialId = credential.Id, ModelId = "", Temperature = 2.5, MaxTokens = 0, TopP = 1.5, AdditionalParameters = "[1, 2]",
        });

        Assert.Equal(
            [nameof(ModelInput.AdditionalParameters), nameof(ModelInput.MaxTokens), nameof(ModelInput.ModelId), nameof(ModelInput.Temperature), nameof(ModelInput.TopP)],
            result.ErrorOrFail().FieldErrors.Keys.Order());
    }

    [Fact]
    public async Task EditShouldRefuseACredentialOfAnotherProvider()
    {
        var openAi = await _store.CreateVerifiedAsync("OpenAI");
        var anthropic = await _store.CreateVerifiedAsync("Anthropic", ProviderIds.Anthropic);
        var model = (await _store.ModelChanges.ConnectAsync(_store.Admin, new() { CredentialId = openAi.Id, ModelId = "gpt-4o" })).ValueOrFail();

        var result = await _store.ModelChanges.UpdateAsync(_store.Admin, model.Id, new() { CredentialId = anthropic.Id, ModelId = "gpt-4o" }, model.Version);

        Assert.Contains("must be a OpenAI credential", Assert.Single(result.ErrorOrFail().FieldErrors[nameof(ModelInput.CredentialId)]));
        Assert.Equal(openAi.Id, Assert.Single(await _store.ModelReader.ListAsync(_store.Admin)).CredentialId);
    }

    [Fact]
    public async Task AnInvalidModelEditedOntoAnotherVerifiedCredentialShouldBeConnectedAgain()
    {
        var first = await _store.CreateVerifiedAsync("First");
        var second = await _store.CreateVerifiedAsync("Second");
        await _store.ModelChanges.ConnectAsync(_store.Admin, new() { CredentialId = first.Id, ModelId = "gpt-4o" });
        await _store.CredentialChanges.DeleteAsync(_store.Admin, first.Id);
        var invalid = Assert.Single(await _store.ModelReader.ListAsync(_store.Admin));
        var details = (await _store.ModelReader.GetAsync(_store.Admin, invalid.Id))!;
        details.Input.CredentialId = second.Id;

        var result = await _store.ModelChanges.UpdateAsync(_store.Admin, invalid.Id, details.Input, details.Version);

        Assert.Equal(ModelStatus.Invalid, invalid.Status);
        Assert.True(result.Succeeded, result.Error?.Message);
        var model = Assert.Single(await _store.ModelReader.ListAsync(_store.Admin));
        Assert.Equal(ModelStatus.Connected, model.Status);
        Assert.Equal("Second", model.CredentialName);
        Assert.Null(model.StatusReason);
    }

    [Fact]
    public async Task AModelWhoseCredentialFailsShouldBeUnavailableUntilItVerifiesAgain()
    {
        const string Key = "sk-rotating-000000000001";
        var credential = await _store.CreateVerifiedAsync("Prod", apiKey: Key);
        await _store.ModelChanges.ConnectAsync(_store.Admin, new() { CredentialId = credential.Id, ModelId = "gpt-4o" });

        _store.Verifier.AcceptOnlyKey("a-different-key-0000000");
        await _store.CredentialVerification.VerifyAsync(_store.Admin, credential.Id);
        var whileFailed = Assert.Single(await _store.ModelReader.ListAsync(_store.Admin));
        _store.Verifier.AcceptOnlyKey(Key);
        await _store.CredentialVerification.VerifyAsync(_store.Admin, credential.Id);
        var afterRecovery = Assert.Single(await _store.ModelReader.ListAsync(_store.Admin));

        Assert.Equal(ModelStatus.Unavailable, whileFailed.Status);
        Assert.Equal("Credential 'Prod' is Failed", whileFailed.StatusReason);
        Assert.Equal(ModelStatus.Connected, afterRecovery.Status);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task TheSecondOfTwoModelEditsFromTheSameVersionShouldBeRefused(StoreKind kind)
    {
        await using var store = await TestStore.CreateAsync(store: kind);
        var credential = await store.CreateVerifiedAsync("Prod");
        var model = (await store.ModelChanges.ConnectAsync(store.Admin, new() { CredentialId = credential.Id, ModelId = "gpt-4o" })).ValueOrFail();

        var first = await store.ModelChanges.UpdateAsync(store.Admin, model.Id, new() { CredentialId = credential.Id, ModelId = "gpt-4o", Temperature = 1 }, model.Version);
        var second = await store.ModelChanges.UpdateAsync(store.Admin, model.Id, new() { CredentialId = credential.Id, ModelId = "gpt-4o", Temperature = 0 }, model.Version);

        Assert.True(first.Succeeded);
        Assert.Equal(OperationErrorKind.Concurrency, second.ErrorOrFail().Kind);
        Assert.Equal("temperature 1", ModelParameterText.Summarize(Assert.Single(await store.ModelReader.ListAsync(store.Admin)).Parameters));
    }

    [Fact]
    public async Task DeleteShouldRemoveOnlyThatModel()
    {
        var credential = await _store.CreateVerifiedAsync("Prod");
        var keep = (await _store.ModelChanges.ConnectAsync(_store.Admin, new() { CredentialId = credential.Id, ModelId = "keep" })).ValueOrFail();
        var drop = (await _store.ModelChanges.ConnectAsync(_store.Admin, new() { CredentialId = credential.Id, ModelId = "drop" })).ValueOrFail();

        var result = await _store.ModelChanges.DeleteAsync(_store.Admin, drop.Id);
        var again = await _store.ModelChanges.DeleteAsync(_store.Admin, drop.Id);

        Assert.True(result.Succeeded);
        Assert.Equal(OperationErrorKind.NotFound, again.ErrorOrFail().Kind);
        Assert.Equal(keep.Id, Assert.Single(await _store.ModelReader.ListAsync(_store.Admin)).Id);
    }

    [Fact]
    public async Task ConnectShouldDefaultTheAliasToTheModelId()
    {
        var credential = await _store.CreateVerifiedAsync("Prod");

        var result = await _store.ModelChanges.ConnectAsync(_store.Admin, new() { CredentialId = credential.Id, ModelId = "gpt-4o" });

        Assert.Equal("gpt-4o", result.ValueOrFail().Alias);
        Assert.Equal("gpt-4o", (await _store.ModelReader.GetAsync(_store.Admin, result.ValueOrFail().Id))!.Input.Alias);
    }

    [Fact]
    public async Task ConnectShouldRefuseAnAliasAnotherModelOfTheTeamAnswersTo()
    {
        var credential = await _store.CreateVerifiedAsync("Prod");
        await _store.ModelChanges.ConnectAsync(_store.Admin, new() { CredentialId = credential.Id, ModelId = "gpt-4o" });

        var sameDefault = await _store.ModelChanges.ConnectAsync(_store.Admin, new() { CredentialId = credential.Id, ModelId = "gpt-4o" });
        var sameIgnoringCase = await _store.ModelChanges.ConnectAsync(_store.Admin, new() { CredentialId = credential.Id, ModelId = "gpt-4o-mini", Alias = "GPT-4O" });
        var distinct = await _store.ModelChanges.ConnectAsync(_store.Admin, new() { CredentialId = credential.Id, ModelId = "gpt-4o", Alias = "gpt-4o-backup" });

        Assert.Contains("already used", Assert.Single(sameDefault.ErrorOrFail().FieldErrors[nameof(ModelInput.Alias)]));
        Assert.Contains("already used", Assert.Single(sameIgnoringCase.ErrorOrFail().FieldErrors[nameof(ModelInput.Alias)]));
        Assert.True(distinct.Succeeded, distinct.Error?.Message);
        Assert.Equal(2, (await _store.ModelReader.ListAsync(_store.Admin)).Count);
    }

    [Fact]
    public async Task EditShouldChangeTheAliasAndRecordIt()
    {
        var credential = await _store.CreateVerifiedAsync("Prod");
        var model = (await _store.ModelChanges.ConnectAsync(_store.Admin, new() { CredentialId = credential.Id, ModelId = "gpt-4o" })).ValueOrFail();

        var edited = await _store.ModelChanges.UpdateAsync(_store.Admin, model.Id, new() { CredentialId = credential.Id, ModelId = "gpt-4o", Alias = "smart" }, model.Version);

        Assert.Equal("smart", edited.ValueOrFail().Alias);
        var entry = (await _store.Services.GetRequiredService<AgentHub.Core.Activity.ActivityLog>().ListAsync(_store.Admin))[0];
        Assert.Equal("Changed: Alias", entry.Details);
    }
}
