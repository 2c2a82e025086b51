using AgentHub.Core.AgentKeys;
using AgentHub.Core.Lists;
using Microsoft.Extensions.Logging;

namespace AgentHub.Tests.Core.AgentKeys;

/// <summary>The Agent keys tab's list and the pickers over a team's models: one page or a few choices read in the database, on both stores.</summary>
public sealed class AgentKeyListTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task AgentKeyPagesShouldHoldOnePageAndCountEveryMatch(StoreKind kind)
    {
        await using var store = await TestStore.CreateAsync(store: kind);
        await SeedKeysAsync(store, 30);

        var first = await Keys(store).ListPageAsync(store.Admin, new ListQuery());
        var second = await Keys(store).ListPageAsync(store.Admin, new ListQuery { Page = 1 });

        Assert.Equal(Enumerable.Range(0, 25).Select(Name), first.Items.Select(k => k.Name));
        Assert.Equal(Enumerable.Range(25, 5).Select(Name), second.Items.Select(k => k.Name));
        Assert.Equal(30, first.Matching);
        Assert.Equal(30, second.Matching);
        Assert.Equal(30, (await Keys(store).ListPageAsync(store.Admin, new ListQuery { Page = 2 })).Matching);
        Assert.Equal(30, await Keys(store).CountAsync(store.Admin));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task APageThatIsNotFullShouldBeReadWithoutACountQuery(StoreKind kind)
    {
        var logs = new CapturingLoggerProvider();
        await using var store = await TestStore.CreateAsync(store: kind, configure: services => services.AddLogging(logging =>
            logging.AddProvider(logs).AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Information)));
        await SeedKeysAsync(store, 30);
        int Counts() => logs.Lines.Count(l => l.Contains("Database.Command", StringComparison.Ordinal)
            && l.Contains("AgentKeys", StringComparison.Ordinal) && l.Contains("COUNT(*)", StringComparison.OrdinalIgnoreCase));
        var before = Counts();

        var few = await Keys(store).ListPageAsync(store.Admin, new ListQuery { Search = "key-1" });
        var countsAfterFew = Counts();
        var full = await Keys(store).ListPageAsync(store.Admin, new ListQuery());

        Assert.Equal(10, few.Matching);
        Assert.Equal(before, countsAfterFew);
        Assert.Equal(30, full.Matching);
        Assert.Equal(before + 1, Counts());
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task AgentKeySearchShouldMatchTheNameIgnoringCaseAndThePrefix(StoreKind kind)
    {
        await using var store = await TestStore.CreateAsync(store: kind);
        var prefixes = await SeedKeysAsync(store, 30);

        var byName = await Keys(store).ListPageAsync(store.Admin, new ListQuery { Search = "KEY-1" });
        var byPrefix = await Keys(store).ListPageAsync(store.Admin, new ListQuery { Search = prefixes[27] });

        Assert.Equal(Enumerable.Range(10, 10).Select(Name), byName.Items.Select(k => k.Name));
        Assert.Equal(10, byName.Matching);
        Assert.Equal([Name(27)], byPrefix.Items.Select(k => k.Name));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task AgentKeyPagesShouldSortByExpiryWithNeverLastThenByCreationAndShowTheirModels(StoreKind kind)
    {
        await using var store = await TestStore.CreateAsync(store: kind);
        store.Verifier.AcceptOnlyKey("sk-test-0000000000001234");
        var credential = await store.CreateVerifiedAsync("Cred A");
        var model = (await store.ModelChanges.ConnectAsync(store.Admin, new() { CredentialId = credential.Id, ModelId = "gpt-4o", Alias = "writer" })).ValueOrFail();
        var today = DateTime.UtcNow.Date;
        await Keys(store).CreateAsync(store.Admin, new AgentKeyInput { Name = "b-never" });
        await Keys(store).CreateAsync(store.Admin, new AgentKeyInput { Name = "a-later", Expires = today.AddDays(9), ModelIds = [model.Id] });
        await Keys(store).CreateAsync(store.Admin, new AgentKeyInput { Name = "c-soon", Expires = today.AddDays(2) });

        var expiring = await Keys(store).ListPageAsync(store.Admin, new ListQuery { Sort = AgentKeySort.Expires });
        var expiringLast = await Keys(store).ListPageAsync(store.Admin, new ListQuery { Sort = AgentKeySort.Expires, Descending = true });
        var newest = await Keys(store).ListPageAsync(store.Admin, new ListQuery { Sort = AgentKeySort.Created, Descending = true });

        Assert.Equal(["c-soon", "a-later", "b-never"], expiring.Items.Select(k => k.Name));
        Assert.Equal(["b-never", "a-later", "c-soon"], expiringLast.Items.Select(k => k.Name));
        Assert.Equal(["c-soon", "a-later", "b-never"], newest.Items.Select(k => k.Name));
        Assert.Equal(["writer"], newest.Items.Single(k => k.Name == "a-later").Models);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task TheModelPickerShouldOfferAtMostItsLimitAndFindAModelBeyondItByText(StoreKind kind)
    {
        await using var store = await TestStore.CreateAsync(store: kind);
        store.Verifier.AcceptOnlyKey("sk-test-0000000000001234");
        var credential = await store.CreateVerifiedAsync("Cred A");
        for (var i = 0; i < ModelReader.MaxChoices + 5; i++)
        {
            await store.ModelChanges.ConnectAsync(store.Admin, new() { CredentialId = credential.Id, ModelId = $"m-{i:00}" });
        }

        var first = await store.ModelReader.FindAliasesAsync(store.Admin, null);
        var found = await store.ModelReader.FindAliasesAsync(store.Admin, "M-24");
        var outsider = await store.AddMemberAsync("outsider", AgentHub.Core.Teams.TeamRole.Admin, Guid.NewGuid());

        Assert.Equal(Enumerable.Range(0, ModelReader.MaxChoices).Select(i => $"m-{i:00}"), first.Select(m => m.Alias));
        Assert.Equal(["m-24"], found.Select(m => m.Alias));
        Assert.Empty(await store.ModelReader.FindAliasesAsync(outsider, "m-"));
    }

    private static AgentKeyService Keys(TestStore store) => store.Services.GetRequiredService<AgentKeyService>();

    private static string Name(int i) => $"key-{i:00}";

    /// <summary>Creates keys <c>key-00</c>… in a shuffled order and returns their prefixes by number.</summary>
    private static async Task<string[]> SeedKeysAsync(TestStore store, int count)
    {
        var prefixes = new string[count];
        foreach (var i in Enumerable.Range(0, count).OrderBy(i => (i * 7) % count))
        {
            prefixes[i] = (await Keys(store).CreateAsync(store.Admin, new AgentKeyInput { Name = Name(i) })).ValueOrFail().Summary.Prefix;
        }

        return prefixes;
    }
}
