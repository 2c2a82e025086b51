using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;

namespace AgentHub.Tests.E2E;

/// <summary>
/// The real app on a loopback port that can be stopped and started again on the same port over the
/// same SQLite file and key ring, as an operator's restart does: open pages lose their circuit.
/// </summary>
/// <param name="settings">Configuration on top of appsettings.json.</param>
/// <param name="services">Service replacements (the fakes' certificate as a trusted root).</param>
public sealed class RestartableApp(IDictionary<string, string?> settings, Action<IServiceCollection>? services) : IAsyncDisposable
{
    private readonly string _folder = TestStore.NewFolder();
    private AgentHubAppFactory? _app;
    private int _port;

    public Uri BaseUrl => new($"http://127.0.0.1:{_port}/");

    public IServiceProvider Services => (_app ?? throw new InvalidOperationException("The app is stopped.")).Services;

    /// <summary>Starts the app; the first start picks a free port, later starts reuse it.</summary>
    public Task StartAsync()
    {
        // An open page reconnects to its circuit while the app stops: do not wait the default 30 s for it.
        var values = new Dictionary<string, string?>(settings) { ["shutdownTimeoutSeconds"] = "2" };
        _app = new AgentHubAppFactory(values, services, _folder);
        _app.UseKestrel(o => o.Listen(IPAddress.Loopback, _port));
        _app.StartServer();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _port = new Uri(address).Port;
        return Task.CompletedTask;
    }

    /// <summary>Stops the app; the data folder stays for the next start.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.DisposeAsync();
        }
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
