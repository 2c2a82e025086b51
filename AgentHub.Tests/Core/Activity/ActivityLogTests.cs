using AgentHub.Core.Activity;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Tests.Core.Activity;

/// <summary>Every change is recorded with who, what and which fields, in the change's own transaction, and no secret.</summary>
public sealed class ActivityLogTests : IAsyncLifetime
{
    private const string FirstKey = "sk-activity-first-key-0001";
    private const string SecondKey = "sk-activity-second-key-0002";
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private ActivityLog Log => _store.Services.GetRequiredService<ActivityLog>();

    [Fact]
    public async Task AViewersRefusedEditAndAnOutsidersShouldBeTreatedApart()
    {
        var credential = await _store.CreateVerifiedAsync("Prod", apiKey: FirstKey);
        var viewer = await _store.AddMemberAsync("viewer", TeamRole.Viewer);
        var outsider = new Actor("outsider", Guid.NewGuid());
        var input = (await _store.CredentialReader.GetAsync(_store.Admin, credential.Id))!.ToInput();
        input.Values[FieldKeys.ApiKey] = SecondKey;

        var byViewer = await _store.CredentialEditor.UpdateAsync(viewer, credential.Id, input, credential.Version);
        var byOutsider = await _store.CredentialEditor.UpdateAsync(outsider, credential.Id, input, credential.Version);

        Assert.Equal(OperationErrorKind.Forbidden, byViewer.ErrorOrFail().Kind);
        Assert.Equal(OperationErrorKind.NotFound, byOutsider.ErrorOrFail().Kind);
        var entries = await Log.ListAsync(_store.Admin);
        var refused = Assert.Single(entries, e => e.Action == "Credential edit refused");
        Assert.Equal("viewer@example.com", refused.User);
        Assert.Equal("Refused: the role can only view", refused.Details);
        Assert.DoesNotContain(entries, e => e.Details?.Contains(SecondKey) == true);
    }

    [Fact]
    public async Task ANewKeyThatBringsAFailedCredentialBackShouldAlsoBeAStatusEntry()
    {
        var credential = await _store.CreateVerifiedAsync("Prod", apiKey: FirstKey);
        _store.Verifier.AcceptOnlyKey(SecondKey);
        await _store.CredentialVerification.VerifyAsync(_store.Admin, credential.Id);
        var failed = (await _store.CredentialReader.GetAsync(_store.Admin, credential.Id))!;
        var input = failed.ToInput();
        input.Values[FieldKeys.ApiKey] = SecondKey;

        var edited = (await _store.CredentialEditor.UpdateAsync(_store.Admin, credential.Id, input, failed.Version)).ValueOrFail();

        Assert.Equal(CredentialStatus.Verified, edited.Status);
        var entries = await Log.ListAsync(_store.Admin);
        Assert.Equal(
            [("Credential edited", "Changed: API Key; verified: Verified"), ("Credential status changed", "Failed → Verified")],
            entries.Take(2).Select(e => (e.Action, e.Details)));
    }

    [Fact]
    public async Task AnEditFromAStaleCopyShouldBeRecordedAsRefused()
    {
        var credential = await _store.CreateVerifiedAsync("Prod", apiKey: FirstKey);
        var input = (await _store.CredentialReader.GetAsync(_store.Admin, credential.Id))!.ToInput();
        input.Name = "First rename";
        await _store.CredentialEditor.UpdateAsync(_store.Admin, credential.Id, input, credential.Version);
        input.Name = "Second rename";

        var stale = await _store.CredentialEditor.UpdateAsync(_store.Admin, credential.Id, input, credential.Version);

        Assert.Equal(OperationErrorKind.Concurrency, stale.ErrorOrFail().Kind);
        var entry = (await Log.ListAsync(_store.Admin))[0];
        Assert.Equal(("Credential edit refused", "Refused: changed by someone else meanwhile"), (entry.Action, entry.Details));
    }

    [Fact]
    public async Task EveryChangeShouldBeListedNewestFirstWithTheUserAndTheFieldsButNoValue()
    {
        var credential = await _store.CreateVerifiedAsync("Prod", apiKey: FirstKey);
        var input = (await _store.CredentialReader.GetAsync(_store.Admin, credential.Id))!.ToInput();
        input.Values[FieldKeys.ApiKey] = SecondKey;
        input.Description = "Rotated";
        var edited = (await _store.CredentialEditor.UpdateAsync(_store.Admin, credential.Id, input, credential.Version)).ValueOrFail();
        var model = (await _store.ModelChanges.ConnectAsync(_store.Admin, new() { CredentialId = credential.Id, ModelId = "gpt-4o" })).ValueOrFail();
        await _store.ModelChanges.UpdateAsync(_store.Admin, model.Id, new() { CredentialId = credential.Id, ModelId = "gpt-4o", Temperature = 0.5 }, model.Version);
        await _store.ModelChanges.DeleteAsync(_store.Admin, model.Id);
        await _store.CredentialChanges.DeleteAsync(_store.Admin, edited.Id);

        var entries = await Log.ListAsync(_store.Admin);

        Assert.Equal(
            ["Credential deleted", "Model deleted", "Model edited", "Model connected", "Credential edited", "Credential verified", "Credential created"],
            entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal($"{TestStore.AdminUserId}@example.com", e.User));
        Assert.Equal("Changed: Description, API Key; verified: Verified", entries[4].Details);
        Assert.Equal("Result: Verified", entries[5].Details);
        Assert.Equal("Changed: Temperature", entries[2].Details);
        Assert.Equal("Prod", entries[0].ObjectName);
        await using var db = await _store.OpenDbAsync();
        var stored = string.Join("|", await db.ActivityEntries.Select(e => e.Action + e.ObjectName + e.Details).ToListAsync());
        Assert.DoesNotContain(FirstKey, stored);
        Assert.DoesNotContain(SecondKey, stored);
        Assert.DoesNotContain("0.5", stored);
    }

    [Fact]
    public async Task AFailedVerificationShouldBeLoggedWithItsClass()
    {
        _store.Verifier.AcceptOnlyKey("some-other-key-000000");

        await _store.CreateVerifiedAsync("Wrong", apiKey: FirstKey);

        Assert.Equal("Result: InvalidKey", (await Log.ListAsync(_store.Admin))[0].Details);
    }

    [Fact]
    public async Task TheLogShouldFilterByObjectAndByUser()
    {
        var other = await _store.AddMemberAsync("second-admin", TeamRole.Admin);
        await _store.CreateVerifiedAsync("Alpha");
        await _store.CredentialChanges.CreateAsync(other, Inputs.Credential("Beta"));

        var byObject = await Log.ListAsync(_store.Admin, objectFilter: "beta");
        var byUser = await Log.ListAsync(_store.Admin, userFilter: "second-admin");

        Assert.Equal(["Beta"], byObject.Select(e => e.ObjectName));
        Assert.Equal(["Beta"], byUser.Select(e => e.ObjectName));
    }

    [Fact]
    public async Task AnotherTeamShouldSeeNothingOfThisLog()
    {
        await _store.CreateVerifiedAsync("Alpha");
        var outsider = await _store.AddMemberAsync("outsider", TeamRole.Admin, Guid.NewGuid());

        Assert.Empty(await Log.ListAsync(outsider));
        Assert.Empty(await Log.ListAsync(outsider with { TeamId = _store.TeamId }));
    }

    [Fact]
    public async Task ARefusedChangeShouldLeaveNoEntry()
    {
        var viewer = await _store.AddMemberAsync("viewer", TeamRole.Viewer);

        await _store.CredentialChanges.CreateAsync(viewer, Inputs.Credential("Not allowed"));
        await _store.CredentialChanges.CreateAsync(_store.Admin, Inputs.Credential(""));

        Assert.Empty(await Log.ListAsync(_store.Admin));
    }
}
