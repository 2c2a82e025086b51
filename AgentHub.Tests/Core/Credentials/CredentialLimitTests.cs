using Microsoft.EntityFrameworkCore;

namespace AgentHub.Tests.Core.Credentials;

public sealed class CredentialLimitTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task CreateShouldRefuseThe201stCredential(StoreKind kind)
    {
        await using var store = await TestStore.CreateAsync(store: kind);
        await SeedAsync(store, 200);

        var result = await store.CredentialChanges.CreateAsync(store.Admin, Inputs.Credential("One too many"));

        Assert.Equal(OperationErrorKind.LimitReached, result.ErrorOrFail().Kind);
        Assert.Contains("200 of 200", result.ErrorOrFail().Message);
        Assert.Equal(200, (await store.CredentialReader.GetQuotaAsync(store.Admin)).Count);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task ParallelCreatesAtATeamHolding195ShouldStopAtExactly200(StoreKind kind)
    {
        await using var store = await TestStore.CreateAsync(store: kind);
        await SeedAsync(store, 195);

        using var start = new ManualResetEventSlim();
        var creates = Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await store.CredentialChanges.CreateAsync(store.Admin, Inputs.Credential($"Parallel {i}"));
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(creates);

        Assert.Equal(5, results.Count(r => r.Succeeded));
        Assert.Equal(19, results.Count(r => r.Error?.Kind == OperationErrorKind.LimitReached));
        await using var db = await store.OpenDbAsync();
        Assert.Equal(200, await db.Credentials.CountAsync(c => c.TeamId == store.TeamId));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task TheLimitShouldComeFromConfiguration(StoreKind kind)
    {
        await using var store = await TestStore.CreateAsync(new Dictionary<string, string?> { ["AgentHub:Limits:CredentialsPerTeam"] = "2" }, store: kind);
        await SeedAsync(store, 2);

        var quota = await store.CredentialReader.GetQuotaAsync(store.Admin);
        var result = await store.CredentialChanges.CreateAsync(store.Admin, Inputs.Credential("Third"));

        Assert.True(quota.IsFull);
        Assert.Equal(2, quota.Limit);
        Assert.Equal(OperationErrorKind.LimitReached, result.ErrorOrFail().Kind);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task DeletingOneAtTheLimitShouldAllowTheNextCreate(StoreKind kind)
    {
        await using var store = await TestStore.CreateAsync(new Dictionary<string, string?> { ["AgentHub:Limits:CredentialsPerTeam"] = "3" }, store: kind);
        await SeedAsync(store, 3);
        var victim = (await store.CredentialReader.ListAsync(store.Admin))[0];

        await store.CredentialChanges.DeleteAsync(store.Admin, victim.Id);
        var result = await store.CredentialChanges.CreateAsync(store.Admin, Inputs.Credential("Replacement"));

        Assert.True(result.Succeeded, result.Error?.Message);
    }

    private static async Task SeedAsync(TestStore store, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var result = await store.CredentialChanges.CreateAsync(store.Admin, Inputs.Credential($"Seeded {i:000}"));
            Assert.True(result.Succeeded, result.Error?.Message);
        }
    }
}
