using AgentHub.Core.Activity;
using AgentHub.Core.AgentKeys;
using AgentHub.Core.Persistence;
using AgentHub.Core.Usage;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Tests.Core.AgentKeys;

public sealed class AgentKeyServiceTests : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private AgentKeyService Keys => _store.Services.GetRequiredService<AgentKeyService>();

    [Fact]
    public async Task CreateShouldReturnAPrefixedHighEntropyKeyOnceAndStoreOnlyItsHash()
    {
        var created = await Keys.CreateAsync(_store.Admin, new AgentKeyInput { Name = "support-bot" });

        Assert.True(created.Succeeded, created.Error?.Message);
        var key = created.Value.Key;
        Assert.StartsWith(AgentKeyService.KeyPrefix, key);
        Assert.True(key.Length >= AgentKeyService.KeyPrefix.Length + 43, "256 bits in base64url take 43 characters");
        Assert.Equal(key[..12], created.Value.Summary.Prefix);
        await using var db = await _store.Services.GetRequiredService<IDbContextFactory<AgentHubDbContext>>().CreateDbContextAsync();
        var stored = await db.AgentKeys.SingleAsync();
        Assert.NotEqual(key, stored.Hash);
        Assert.DoesNotContain(key, stored.Hash + stored.Prefix + stored.Name);
        Assert.DoesNotContain(key, created.Value.ToString());
    }

    [Fact]
    public async Task AuthenticateShouldRecogniseTheKeyWithoutWritingAndTheUsageFlushShouldRecordItsUse()
    {
        var created = (await Keys.CreateAsync(_store.Admin, new AgentKeyInput { Name = "support-bot" })).ValueOrFail();

        var identity = await Keys.AuthenticateAsync(created.Key);

        Assert.Equal(_store.TeamId, identity!.TeamId);
        Assert.Null(Assert.Single(await Keys.ListAsync(_store.Admin)).LastUsedAt);
        var usage = _store.Services.GetRequiredService<UsageRecorder>();
        var meter = usage.Start();
        meter.Key = identity;
        usage.Record(meter, 200, null);
        await _store.Services.GetRequiredService<UsageWriter>().FlushAsync();
        Assert.NotNull(Assert.Single(await Keys.ListAsync(_store.Admin)).LastUsedAt);
        Assert.Null(await Keys.AuthenticateAsync(created.Key + "x"));
        Assert.Null(await Keys.AuthenticateAsync("sk-not-an-agent-key"));
    }

    [Fact]
    public async Task RevokeShouldMakeTheNextAuthenticationFailAndBeRecorded()
    {
        var created = (await Keys.CreateAsync(_store.Admin, new AgentKeyInput { Name = "support-bot" })).ValueOrFail();

        var revoked = await Keys.RevokeAsync(_store.Admin, created.Summary.Id);

        Assert.True(revoked.Succeeded);
        Assert.Null(await Keys.AuthenticateAsync(created.Key));
        var entries = await _store.Services.GetRequiredService<ActivityLog>().ListAsync(_store.Admin);
        Assert.Equal(["Agent key revoked", "Agent key created"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.DoesNotContain(created.Key, e.Details ?? ""));
    }

    [Fact]
    public async Task AnExpiredKeyShouldNotAuthenticate()
    {
        var clock = new MutableClock(DateTimeOffset.UtcNow);
        await using var store = await TestStore.CreateAsync(configure: s => s.AddSingleton<TimeProvider>(clock));
        var keys = store.Services.GetRequiredService<AgentKeyService>();
        var created = (await keys.CreateAsync(store.Admin, new AgentKeyInput { Name = "short-lived", Expires = clock.GetUtcNow().UtcDateTime.Date })).ValueOrFail();

        clock.Advance(TimeSpan.FromDays(1));

        Assert.Null(await keys.AuthenticateAsync(created.Key));
    }

    [Fact]
    public async Task ViewerShouldSeeKeysButNeverCreateOrRevoke()
    {
        var created = (await Keys.CreateAsync(_store.Admin, new AgentKeyInput { Name = "support-bot" })).ValueOrFail();
        var viewer = await _store.AddMemberAsync("viewer", TeamRole.Viewer);

        var create = await Keys.CreateAsync(viewer, new AgentKeyInput { Name = "mine" });
        var revoke = await Keys.RevokeAsync(viewer, created.Summary.Id);

        Assert.Equal(OperationErrorKind.Forbidden, create.ErrorOrFail().Kind);
        Assert.Equal(OperationErrorKind.Forbidden, revoke.ErrorOrFail().Kind);
        Assert.Single(await Keys.ListAsync(viewer));
        Assert.NotNull(await Keys.AuthenticateAsync(created.Key));
    }

    [Fact]
    public async Task CreateShouldRefuseADuplicateNameAndAPastExpiryAtTheirFields()
    {
        await Keys.CreateAsync(_store.Admin, new AgentKeyInput { Name = "support-bot" });

        var duplicate = await Keys.CreateAsync(_store.Admin, new AgentKeyInput { Name = "SUPPORT-BOT" });
        var past = await Keys.CreateAsync(_store.Admin, new AgentKeyInput { Name = "late", Expires = DateTime.UtcNow.Date.AddDays(-1) });

        Assert.Contains("already used", Assert.Single(duplicate.ErrorOrFail().FieldErrors[nameof(AgentKeyInput.Name)]));
        Assert.Contains("today or a later date", Assert.Single(past.ErrorOrFail().FieldErrors[nameof(AgentKeyInput.Expires)]));
    }

    [Fact]
    public async Task AnotherTeamCannotRevokeTheKey()
    {
        var created = (await Keys.CreateAsync(_store.Admin, new AgentKeyInput { Name = "support-bot" })).ValueOrFail();
        var outsider = await _store.AddMemberAsync("other-team-admin", TeamRole.Admin, Guid.NewGuid());

        var revoke = await Keys.RevokeAsync(outsider, created.Summary.Id);

        Assert.Equal(OperationErrorKind.NotFound, revoke.ErrorOrFail().Kind);
        Assert.NotNull(await Keys.AuthenticateAsync(created.Key));
    }
}
