using AgentHub.Core.Activity;
using AgentHub.Core.Health;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace AgentHub.Tests.Core.Health;

/// <summary>
/// What the scheduled re-check tests share: stores on a fake clock (nothing sleeps) whose verification
/// clients call the HTTPS fakes, and reads of what a round wrote.
/// </summary>
public abstract class CredentialHealthTestBase(FakeProviders fakes) : IAsyncLifetime
{
    protected FakeProviders Fakes { get; } = fakes;

    protected static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    /// <summary>Every store a test opened, disposed after it (a second instance first).</summary>
    protected List<TestStore> OpenStores { get; } = [];

    public Task InitializeAsync()
    {
        Fakes.ResetAll();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        // A second instance first: the first one owns the database.
        foreach (var store in Enumerable.Reverse(OpenStores))
        {
            await store.DisposeAsync();
        }

        Fakes.ResetAll();
    }

    protected async Task<TestStore> StoreAsync(StoreKind kind, TestStore? sharing = null, int maxConcurrent = 4)
    {
        var settings = Fakes.OperatorSettings();
        settings["AgentHub:Health:Interval"] = Interval.ToString();
        settings["AgentHub:Health:MaxConcurrentPerProvider"] = maxConcurrent.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var store = await TestStore.CreateAsync(settings, folder: sharing?.Folder, realVerifier: true, store: kind, postgresDatabase: sharing?.PostgresDatabase,
            configure: s =>
            {
                FakeProviders.TrustTheFakes(s);
                s.AddSingleton<TimeProvider>(Clock);
            });
        OpenStores.Add(store);
        return store;
    }

    protected async Task<CredentialSummary> CreateAsync(TestStore store, string name)
    {
        var created = await store.CredentialChanges.CreateAsync(store.Admin, Inputs.Credential(name, ProviderIds.OpenAi, Fakes.OpenAi.ValidKey));
        return (await store.CredentialVerification.VerifyAsync(store.Admin, created.ValueOrFail().Id)).ValueOrFail();
    }

    protected static CredentialHealthChecks Checks(TestStore store) => store.Services.GetRequiredService<CredentialHealthChecks>();

    protected static async Task<CredentialSummary> ReadAsync(TestStore store, Guid id) =>
        (await store.CredentialReader.GetSummaryAsync(store.Admin, id))!;

    protected static async Task<List<ActivityView>> StatusChangesAsync(TestStore store) =>
        (await store.Services.GetRequiredService<ActivityLog>().ListAsync(store.Admin))
            .Where(e => e.Action == ActivityActions.CredentialStatusChanged).ToList();

    protected DateTime Now => Clock.GetUtcNow().UtcDateTime;

    protected static async Task<DateTime?> NextCheckAsync(TestStore store, Guid id)
    {
        await using var db = await store.OpenDbAsync();
        return await db.Credentials.Where(c => c.Id == id).Select(c => c.NextCheckAt).SingleAsync();
    }
}
