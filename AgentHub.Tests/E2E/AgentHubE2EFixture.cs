using AgentHub.Core.Persistence;
using AgentHub.Core.Verification.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace AgentHub.Tests.E2E;

/// <summary>
/// The real app on a free loopback port over a fresh SQLite file and key ring, its provider base
/// URLs pointed at the eight fakes (whose certificate it trusts), and the system Chromium.
/// </summary>
public sealed class AgentHubE2EFixture : IAsyncLifetime
{
    public FakeProviders Fakes { get; } = new();

    public AgentHubAppFactory App { get; private set; } = null!;

    public Uri BaseUrl { get; private set; } = null!;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var executable = BrowserLocator.Find();
        await Fakes.InitializeAsync();
        var settings = Fakes.OperatorSettings();
        settings["AgentHub:Verification:Timeout"] = "00:00:05";
        // Every scenario signs in from 127.0.0.1; ended sessions must end within a scenario's patience.
        settings["AgentHub:Accounts:FormPostsPerWindow"] = "10000";
        settings["AgentHub:Accounts:RevalidationInterval"] = "00:00:02";
        App = new AgentHubAppFactory(settings, FakeProviders.TrustTheFakes);
        App.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        App.StartServer();
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        await AccountForms.CreateOwnerAsync(App.Services);

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            // Without the networking flags Chromium keeps dialling hosts this network refuses.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        Assertions.SetDefaultExpectTimeout(10_000);
    }

    private IServiceScope? _scope;

    /// <summary>A Core service from the running app, from one scope the fixture disposes at the end.</summary>
    public T Service<T>() where T : notnull => (_scope ??= App.Services.CreateScope()).ServiceProvider.GetRequiredService<T>();

    /// <summary>The signed-in owner as an actor, for seeding data through the services.</summary>
    public Task<Actor> OwnerAsync() => AccountForms.OwnerActorAsync(App.Services);

    /// <summary>Each scenario starts from an empty team and fakes answering success.</summary>
    public async Task ResetAsync()
    {
        Fakes.ResetAll();
        var factory = App.Services.GetRequiredService<IDbContextFactory<AgentHubDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var owner = await OwnerAsync();
        await db.ActivityEntries.ExecuteDeleteAsync();
        await db.Invitations.ExecuteDeleteAsync();
        await db.AgentKeys.ExecuteDeleteAsync();
        await db.AlertDeliveries.ExecuteDeleteAsync();
        await db.AlertSettings.ExecuteDeleteAsync();
        await db.ModelConnections.ExecuteDeleteAsync();
        await db.Credentials.ExecuteDeleteAsync();
        // Back to one team whose only member is the owner, acting in it.
        await db.TeamMembers.Where(m => m.TeamId != owner.TeamId || m.UserId != owner.UserId).ExecuteDeleteAsync();
        await db.Teams.Where(t => t.Id != owner.TeamId).ExecuteDeleteAsync();
        await db.Users.ExecuteUpdateAsync(s => s.SetProperty(u => u.CurrentTeamId, (Guid?)null));
    }

    public async Task DisposeAsync()
    {
        _scope?.Dispose();
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await App.DisposeAsync();
        await Fakes.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class E2ECollection : ICollectionFixture<AgentHubE2EFixture>
{
    public const string Name = "End to end";
}
