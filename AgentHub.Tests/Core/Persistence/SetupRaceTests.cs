using AgentHub.Core.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Tests.Core.Persistence;

/// <summary>First-start setup is decided by the database, so it holds across app instances on one store.</summary>
public sealed class SetupRaceTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task SetupPostedToTwoInstancesAtOnceShouldMakeExactlyOneOwner(StoreKind kind)
    {
        await using var first = await TestStore.CreateAsync(store: kind, deleteFolder: false);
        await using var second = await TestStore.CreateAsync(store: kind, folder: first.Folder, postgresDatabase: first.PostgresDatabase, deleteFolder: true);
        await using (var db = await first.OpenDbAsync())
        {
            // Back to a first start: no account, no member.
            await db.Users.ExecuteDeleteAsync();
        }

        using var start = new ManualResetEventSlim();
        var setups = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            start.Wait();
            var instance = i % 2 == 0 ? first : second;
            using var scope = instance.Services.CreateScope();
            return await instance.Services.GetRequiredService<AccountSetup>().CreateOwnerAsync(
                scope.ServiceProvider.GetRequiredService<UserManager<AgentHubUser>>(), $"owner{i}@example.com", "Correct-horse-1", $"Team {i}");
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(setups);

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(OperationErrorKind.Conflict, r.Error!.Kind));
        await using var check = await second.OpenDbAsync();
        var owner = Assert.Single(await check.Users.ToListAsync());
        Assert.Equal(owner.Id, Assert.Single(await check.TeamMembers.ToListAsync()).UserId);
    }
}
