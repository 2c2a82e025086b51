using AgentHub.Core.Lists;
using AgentHub.Core.Verification;

namespace AgentHub.Tests.Core.Lists;

/// <summary>The paged lists of the Credentials and Models tabs: search, sort and page run in the database query, on both stores.</summary>
public sealed class ListPageTests
{
    private const string BadKey = "sk-rejected-00000000bad1";

    public static TheoryData<StoreKind, string> CredentialSorts => Cross(
        CredentialSort.Name, CredentialSort.Provider, CredentialSort.Description, CredentialSort.Status,
        CredentialSort.Models, CredentialSort.LastVerified, CredentialSort.Updated);

    public static TheoryData<StoreKind, string> ModelSorts => Cross(
        ModelSort.Model, ModelSort.Provider, ModelSort.Credential, ModelSort.Status, ModelSort.Connected, ModelSort.Alias);

    [Theory]
    [MemberData(nameof(CredentialSorts))]
    public async Task CredentialPagesShouldSortByEachColumnInBothDirections(StoreKind kind, string sort)
    {
        await using var store = await TestStore.CreateAsync(store: kind);
        await SeedCredentialsAsync(store);
        var all = await store.CredentialReader.ListAsync(store.Admin);
        Func<CredentialSummary, IComparable?> key = sort switch
        {
            CredentialSort.Provider => c => c.ProviderName,
            CredentialSort.Description => c => c.Description ?? "",
            CredentialSort.Status => c => c.Status,
            CredentialSort.Models => c => c.ModelCount,
            CredentialSort.LastVerified => c => c.LastVerifiedAt,
            CredentialSort.Updated => c => c.UpdatedAt,
            _ => c => c.Name.ToUpperInvariant(),
        };

        var ascending = await store.CredentialReader.ListPageAsync(store.Admin, new ListQuery { Sort = sort });
        var descending = await store.CredentialReader.ListPageAsync(store.Admin, new ListQuery { Sort = sort, Descending = true });

        Assert.Equal(all.OrderBy(key, Comparer.Instance).ThenBy(c => c.Id).Select(c => c.Name), ascending.Items.Select(c => c.Name));
        Assert.Equal(all.OrderByDescending(key, Comparer.Instance).ThenBy(c => c.Id).Select(c => c.Name), descending.Items.Select(c => c.Name));
        Assert.Equal(4, ascending.Matching);
    }

    [Theory]
    [MemberData(nameof(ModelSorts))]
    public async Task ModelPagesShouldSortByEachColumnInBothDirections(StoreKind kind, string sort)
    {
        await using var store = await TestStore.CreateAsync(store: kind);
        await SeedModelsAsync(store);
        var all = await store.ModelReader.ListAsync(store.Admin);
        Func<ModelSummary, IComparable?> key = sort switch
        {
            ModelSort.Provider => m => m.ProviderName,
            ModelSort.Credential => m => (m.CredentialName ?? "").ToUpperInvariant(),
            ModelSort.Status => m => m.Status,
            ModelSort.Connected => m => m.ConnectedAt,
            ModelSort.Alias => m => m.Alias.ToUpperInvariant(),
            _ => m => m.ModelId,
        };

        var ascending = await store.ModelReader.ListPageAsync(store.Admin, new ListQuery { Sort = sort });
        var descending = await store.ModelReader.ListPageAsync(store.Admin, new ListQuery { Sort = sort, Descending = true });

        Assert.Equal(all.OrderBy(key, Comparer.Instance).ThenBy(m => m.Id).Select(m => m.ModelId), ascending.Items.Select(m => m.ModelId));
        Assert.Equal(all.OrderByDescending(key, Comparer.Instance).ThenBy(m => m.Id).Select(m => m.ModelId), descending.Items.Select(m => m.ModelId));
        Assert.Equal(
            [ModelStatus.Connected, ModelStatus.Invalid, ModelStatus.Unavailable],
            all.Select(m => m.Status).Distinct().Order());
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task CredentialSearchShouldMatchNameDescriptionAndProviderIgnoringCase(StoreKind kind)
    {
        await using var store = await TestStore.CreateAsync(store: kind);
        await SeedCredentialsAsync(store);

        Assert.Equal(["Alpha", "beta"], await NamesAsync(store, "ALPHA"));
        Assert.Equal(["beta"], await NamesAsync(store, "anthropic"));
        Assert.Equal(["Alpha"], await NamesAsync(store, "Zeta DB"));
        Assert.Empty(await NamesAsync(store, "%"));
        Assert.Empty(await NamesAsync(store, "_"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task ThePickersChoicesShouldBeEveryCredentialByNameWithTheStatusTheTableShows(StoreKind kind)
    {
        await using var store = await TestStore.CreateAsync(store: kind);
        await SeedCredentialsAsync(store);
        var table = await store.CredentialReader.ListAsync(store.Admin);

        var choices = await store.CredentialReader.ListChoicesAsync(store.Admin);

        Assert.Equal(["Alpha", "beta", "Delta", "Gamma"], choices.Select(c => c.Name));
        Assert.Equal(table.Select(c => (c.Id, c.ProviderId, c.ProviderName, c.Status)), choices.Select(c => (c.Id, c.ProviderId, c.ProviderName, c.Status)));
        Assert.Equal(2, choices.Count(c => c.Status == CredentialStatus.Verified));
        Assert.Empty(await store.CredentialReader.ListChoicesAsync(new Actor("not-a-member", store.Admin.TeamId)));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task ModelSearchShouldMatchModelAliasProviderAndCredentialIgnoringCase(StoreKind kind)
    {
        await using var store = await TestStore.CreateAsync(store: kind);
        await SeedModelsAsync(store);

        async Task<IEnumerable<string>> Find(string text) =>
            (await store.ModelReader.ListPageAsync(store.Admin, new ListQuery { Search = text })).Items.Select(m => m.ModelId);

        Assert.Equal(["gpt-4o", "gpt-mini"], await Find("GPT"));
        Assert.Equal(["gpt-4o"], await Find("ZETA"));
        Assert.Equal(["o1"], await Find("cred c"));
        Assert.Equal(["claude-x"], await Find("anthropic"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task APageShouldHoldItsRowsAndCountEveryMatch(StoreKind kind)
    {
        await using var store = await TestStore.CreateAsync(store: kind);
        await SeedCredentialsAsync(store);

        var second = await store.CredentialReader.ListPageAsync(store.Admin, new ListQuery { Page = 1, PageSize = 3 });
        var searched = await store.CredentialReader.ListPageAsync(store.Admin, new ListQuery { Search = "a", PageSize = 1 });

        Assert.Equal(["Gamma"], second.Items.Select(c => c.Name));
        Assert.Equal(4, second.Matching);
        Assert.Single(searched.Items);
        Assert.Equal(4, searched.Matching);
    }

    [Fact]
    public async Task AnotherTeamsRowsShouldNeverBeListed()
    {
        await using var store = await TestStore.CreateAsync();
        await SeedCredentialsAsync(store);
        var outsider = await store.AddMemberAsync("outsider", AgentHub.Core.Teams.TeamRole.Admin, Guid.NewGuid());

        var page = await store.CredentialReader.ListPageAsync(outsider, new ListQuery());

        Assert.Empty(page.Items);
        Assert.Equal(0, page.Matching);
    }

    private static async Task<IEnumerable<string>> NamesAsync(TestStore store, string search) =>
        (await store.CredentialReader.ListPageAsync(store.Admin, new ListQuery { Search = search })).Items.Select(c => c.Name);

    /// <summary>Four credentials whose every column differs: Verified with 2 and 1 models, Failed, and Verifying.</summary>
    private static async Task SeedCredentialsAsync(TestStore store)
    {
        store.Verifier.AcceptOnlyKey("sk-test-0000000000001234");
        var alpha = await CreateAsync(store, "Alpha", ProviderIds.OpenAi, "sk-test-0000000000001234", "zeta db");
        await Connect(store, alpha.Id, "m1");
        await Connect(store, alpha.Id, "m2");
        await CreateAsync(store, "beta", ProviderIds.Anthropic, BadKey, "Alpha team");
        var delta = await store.CreateVerifiedAsync("Delta", ProviderIds.Gemini);
        await Connect(store, delta.Id, "m3");
        await store.CredentialChanges.CreateAsync(store.Admin, Inputs.Credential("Gamma", ProviderIds.Fireworks));
    }

    /// <summary>Four models: two Connected through Cred A, one Invalid (its credential deleted), one Unavailable (its credential failed).</summary>
    private static async Task SeedModelsAsync(TestStore store)
    {
        store.Verifier.AcceptOnlyKey("sk-test-0000000000001234");
        var a = await store.CreateVerifiedAsync("Cred A");
        var b = await store.CreateVerifiedAsync("Cred B", ProviderIds.Anthropic);
        var c = await store.CreateVerifiedAsync("cred c");
        await store.ModelChanges.ConnectAsync(store.Admin, new() { CredentialId = a.Id, ModelId = "gpt-4o", Alias = "zeta" });
        await store.ModelChanges.ConnectAsync(store.Admin, new() { CredentialId = b.Id, ModelId = "claude-x" });
        await store.ModelChanges.ConnectAsync(store.Admin, new() { CredentialId = a.Id, ModelId = "gpt-mini" });
        await store.ModelChanges.ConnectAsync(store.Admin, new() { CredentialId = c.Id, ModelId = "o1" });
        await store.CredentialChanges.DeleteAsync(store.Admin, b.Id);
        store.Verifier.AcceptOnlyKey("sk-no-key-is-accepted-now");
        await store.CredentialVerification.VerifyAsync(store.Admin, c.Id);
    }

    private static Task Connect(TestStore store, Guid credentialId, string modelId) =>
        store.ModelChanges.ConnectAsync(store.Admin, new() { CredentialId = credentialId, ModelId = modelId });

    private static async Task<CredentialSummary> CreateAsync(TestStore store, string name, string providerId, string key, string description)
    {
        var input = Inputs.Credential(name, providerId, key);
        input.Description = description;
        var created = (await store.CredentialChanges.CreateAsync(store.Admin, input)).ValueOrFail();
        return (await store.CredentialVerification.VerifyAsync(store.Admin, created.Id)).ValueOrFail();
    }

    private static TheoryData<StoreKind, string> Cross(params string[] sorts)
    {
        var data = new TheoryData<StoreKind, string>();
        foreach (var kind in new[] { StoreKind.Sqlite, StoreKind.PostgreSql })
        {
            foreach (var sort in sorts)
            {
                data.Add(kind, sort);
            }
        }

        return data;
    }

    /// <summary>Compares keys as the database does: nulls first, strings ordinally.</summary>
    private sealed class Comparer : IComparer<IComparable?>
    {
        public static readonly Comparer Instance = new();

        public int Compare(IComparable? x, IComparable? y) => (x, y) switch
        {
            (null, null) => 0,
            (null, _) => -1,
            (_, null) => 1,
            (string a, string b) => string.CompareOrdinal(a, b),
            _ => x.CompareTo(y),
        };
    }
}
