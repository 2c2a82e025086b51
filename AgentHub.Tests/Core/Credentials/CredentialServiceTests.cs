using Microsoft.EntityFrameworkCore;

namespace AgentHub.Tests.Core.Credentials;

/// <summary>Creating, listing and deleting credentials, and a team seeing only its own.</summary>
public sealed class CredentialServiceTests : IAsyncLifetime
{
    private const string GoodKey = "sk-good-000000000000a1b2";
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task CreateShouldStoreTheCredentialAsVerifyingWithOnlyAHint()
    {
        var result = await _store.CredentialChanges.CreateAsync(_store.Admin, Inputs.Credential("Prod OpenAI", apiKey: GoodKey));

        Assert.True(result.Succeeded);
        Assert.Equal(CredentialStatus.Verifying, result.Value.Status);
        Assert.Equal("…a1b2", result.Value.SecretHint);
        Assert.Empty(_store.Verifier.Calls);
    }

    [Fact]
    public async Task CreateShouldRefuseANameThatDiffersOnlyInCase()
    {
        await _store.CredentialChanges.CreateAsync(_store.Admin, Inputs.Credential("Prod OpenAI"));

        var second = await _store.CredentialChanges.CreateAsync(_store.Admin, Inputs.Credential("  prod openai "));

        Assert.Equal(OperationErrorKind.Invalid, second.ErrorOrFail().Kind);
        Assert.Contains("already used", Assert.Single(second.ErrorOrFail().FieldErrors[nameof(CredentialInput.Name)]));
        Assert.Single(await _store.CredentialReader.ListAsync(_store.Admin));
    }

    [Fact]
    public async Task CreateShouldReturnFieldErrorsAndStoreNothingForInvalidInput()
    {
        var input = Inputs.Credential("", ProviderIds.Databricks, values: new() { [FieldKeys.WorkspaceUrl] = "http://dbc.example.com" });

        var result = await _store.CredentialChanges.CreateAsync(_store.Admin, input);

        Assert.Equal(OperationErrorKind.Invalid, result.ErrorOrFail().Kind);
        Assert.Contains(nameof(CredentialInput.Name), result.ErrorOrFail().FieldErrors.Keys);
        Assert.Contains(FieldKeys.WorkspaceUrl, result.ErrorOrFail().FieldErrors.Keys);
        Assert.Empty(await _store.CredentialReader.ListAsync(_store.Admin));
    }

    [Fact]
    public async Task DeleteShouldKeepTheModelsAndMarkThemInvalidWithTheReason()
    {
        var credential = await _store.CreateVerifiedAsync("Team key");
        await _store.ModelChanges.ConnectAsync(_store.Admin, new() { CredentialId = credential.Id, ModelId = "gpt-4o" });
        await _store.ModelChanges.ConnectAsync(_store.Admin, new() { CredentialId = credential.Id, ModelId = "gpt-4o-mini" });

        var using_ = await _store.CredentialReader.ListModelsUsingAsync(_store.Admin, credential.Id);
        var deleted = await _store.CredentialChanges.DeleteAsync(_store.Admin, credential.Id);

        Assert.Equal(["gpt-4o", "gpt-4o-mini"], using_);
        Assert.Equal(2, deleted.Value);
        Assert.Empty(await _store.CredentialReader.ListAsync(_store.Admin));
        var models = await _store.ModelReader.ListAsync(_store.Admin);
        Assert.Equal(2, models.Count);
        Assert.All(models, m =>
        {
            Assert.Equal(AgentHub.Core.Models.ModelStatus.Invalid, m.Status);
            Assert.Equal("Credential 'Team key' was deleted", m.StatusReason);
        });
    }

    [Fact]
    public async Task ListShouldCountTheModelsUsingEachCredential()
    {
        var used = await _store.CreateVerifiedAsync("Used");
        await _store.CreateVerifiedAsync("Unused");
        await _store.ModelChanges.ConnectAsync(_store.Admin, new() { CredentialId = used.Id, ModelId = "gpt-4o" });

        var list = await _store.CredentialReader.ListAsync(_store.Admin);

        Assert.Equal(1, list.Single(c => c.Name == "Used").ModelCount);
        Assert.Equal(0, list.Single(c => c.Name == "Unused").ModelCount);
    }

    [Fact]
    public async Task OperationsOnAnotherTeamsCredentialShouldFindNothing()
    {
        var credential = await _store.CreateVerifiedAsync("Prod");
        var otherTeam = new AgentHub.Core.Teams.Actor(TestStore.AdminUserId, Guid.NewGuid());
        var input = Inputs.Credential("Prod");
        input.IsEdit = true;

        Assert.Null(await _store.CredentialReader.GetAsync(otherTeam, credential.Id));
        Assert.Equal(OperationErrorKind.NotFound, (await _store.CredentialVerification.VerifyAsync(otherTeam, credential.Id)).ErrorOrFail().Kind);
        Assert.Equal(OperationErrorKind.NotFound, (await _store.CredentialEditor.UpdateAsync(otherTeam, credential.Id, input, credential.Version)).ErrorOrFail().Kind);
        Assert.Equal(OperationErrorKind.NotFound, (await _store.CredentialChanges.DeleteAsync(otherTeam, credential.Id)).ErrorOrFail().Kind);
        await using var db = await _store.OpenDbAsync();
        Assert.Equal(1, await db.Credentials.CountAsync());
    }
}
