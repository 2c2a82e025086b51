namespace AgentHub.Tests.Core.Teams;

/// <summary>Membership and role are checked in the services, not only in the UI.</summary>
public sealed class TeamIsolationTests : IAsyncLifetime
{
    private TestStore _store = null!;
    private Actor _teamB = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync();
        // An admin of another team, who is no member of the store's team.
        _teamB = await _store.AddMemberAsync("team-b-admin", TeamRole.Admin, Guid.NewGuid());
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task AMemberOfAnotherTeamShouldNeitherSeeNorChangeThisTeamsCredentials()
    {
        var credential = await _store.CreateVerifiedAsync("Team A key");
        var input = (await _store.CredentialReader.GetAsync(_store.Admin, credential.Id))!.ToInput();
        // Team B's admin naming team A's team, and naming their own team with team A's credential id.
        var intruders = new[] { _teamB with { TeamId = _store.TeamId }, _teamB };

        foreach (var intruder in intruders)
        {
            Assert.Empty(await _store.CredentialReader.ListAsync(intruder));
            Assert.Null(await _store.CredentialReader.GetAsync(intruder, credential.Id));
            Assert.Empty(await _store.CredentialReader.ListModelsUsingAsync(intruder, credential.Id));
            Assert.Equal(OperationErrorKind.NotFound, (await _store.CredentialVerification.VerifyAsync(intruder, credential.Id)).ErrorOrFail().Kind);
            Assert.Equal(OperationErrorKind.NotFound, (await _store.CredentialEditor.UpdateAsync(intruder, credential.Id, input, credential.Version)).ErrorOrFail().Kind);
            Assert.Equal(OperationErrorKind.NotFound, (await _store.CredentialChanges.DeleteAsync(intruder, credential.Id)).ErrorOrFail().Kind);
            var attach = await _store.ModelChanges.ConnectAsync(intruder, new() { CredentialId = credential.Id, ModelId = "gpt-4o" });
            Assert.False(attach.Succeeded);
        }

        Assert.Equal(credential with { }, Assert.Single(await _store.CredentialReader.ListAsync(_store.Admin)));
        Assert.Empty(await _store.ModelReader.ListAsync(_store.Admin));
    }

    [Fact]
    public async Task TheRefusalShouldNotRevealWhetherTheObjectExists()
    {
        var credential = await _store.CreateVerifiedAsync("Team A key");
        var intruder = _teamB with { TeamId = _store.TeamId };

        var existing = await _store.CredentialChanges.DeleteAsync(intruder, credential.Id);
        var missing = await _store.CredentialChanges.DeleteAsync(intruder, Guid.NewGuid());

        Assert.Equal((missing.ErrorOrFail().Kind, missing.ErrorOrFail().Message), (existing.ErrorOrFail().Kind, existing.ErrorOrFail().Message));
    }

    [Fact]
    public async Task AViewerShouldSeeButNotChangeAnything()
    {
        var credential = await _store.CreateVerifiedAsync("Shared key");
        var model = (await _store.ModelChanges.ConnectAsync(_store.Admin, new() { CredentialId = credential.Id, ModelId = "gpt-4o" })).ValueOrFail();
        var viewer = await _store.AddMemberAsync("viewer", TeamRole.Viewer);
        var input = (await _store.CredentialReader.GetAsync(viewer, credential.Id))!.ToInput();
        input.Description = "Changed by a viewer";

        var refusals = new[]
        {
            (await _store.CredentialChanges.CreateAsync(viewer, Inputs.Credential("Viewer's key"))).Error,
            (await _store.CredentialEditor.UpdateAsync(viewer, credential.Id, input, credential.Version)).Error,
            (await _store.CredentialVerification.VerifyAsync(viewer, credential.Id)).Error,
            (await _store.CredentialChanges.DeleteAsync(viewer, credential.Id)).Error,
            (await _store.ModelChanges.ConnectAsync(viewer, new() { CredentialId = credential.Id, ModelId = "o3" })).Error,
            (await _store.ModelChanges.UpdateAsync(viewer, model.Id, new() { CredentialId = credential.Id, ModelId = "gpt-4o", Temperature = 1 }, model.Version)).Error,
            (await _store.ModelProviderCalls.TestAsync(viewer, model.Id)).Error,
            (await _store.ModelChanges.DeleteAsync(viewer, model.Id)).Error,
        };

        Assert.All(refusals, e => Assert.Equal(OperationErrorKind.Forbidden, e!.Kind));
        // Reading the provider's model list uses the team's key: viewers do not get to trigger it.
        var suggestions = await _store.ModelProviderCalls.SuggestAsync(viewer, credential.Id);
        Assert.Empty(suggestions.Models);
        Assert.Contains("can only view", suggestions.Problem);
        Assert.Contains("can only view", refusals[0]!.Message);
        Assert.Equal(credential with { ModelCount = 1 }, Assert.Single(await _store.CredentialReader.ListAsync(viewer)));
        Assert.Equal(model, Assert.Single(await _store.ModelReader.ListAsync(viewer)));
    }

    [Fact]
    public async Task AnAdminRemovedWhileTheProviderAnswersShouldNotWriteTheResult()
    {
        var second = await _store.AddMemberAsync("second-admin", TeamRole.Admin);
        var credential = await _store.CreateVerifiedAsync("Prod");
        var answered = new TaskCompletionSource();
        _store.Verifier.Answer = async (request, _) =>
        {
            await answered.Task;
            return AgentHub.Core.Verification.VerificationResult.Failed(AgentHub.Core.Verification.VerificationOutcome.InvalidKey, request.Schema.DisplayName);
        };

        var slow = _store.CredentialVerification.VerifyAsync(second, credential.Id);
        var removed = await _store.Services.GetRequiredService<TeamService>().RemoveMemberAsync(_store.Admin, second.UserId);
        answered.SetResult();
        var result = await slow;

        Assert.True(removed.Succeeded);
        Assert.Equal(OperationErrorKind.NotFound, result.ErrorOrFail().Kind);
        Assert.Equal(AgentHub.Core.Credentials.CredentialStatus.Verified, Assert.Single(await _store.CredentialReader.ListAsync(_store.Admin)).Status);
    }
}
