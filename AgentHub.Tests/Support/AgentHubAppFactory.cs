using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;

namespace AgentHub.Tests.Support;

/// <summary>The real web app over a fresh SQLite file and key ring in a temporary folder.</summary>
/// <param name="settings">Configuration on top of appsettings.json, as an operator would set it.</param>
/// <param name="services">Service replacements (the fakes' certificate as a trusted root).</param>
/// <param name="folder">An existing data folder to start over (a restart); it is then kept on disposal.</param>
public sealed class AgentHubAppFactory(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, string? folder = null)
    : WebApplicationFactory<Program>
{
    public string Folder { get; } = folder ?? TestStore.NewFolder();

    public string DatabasePath => Path.Combine(Folder, "agenthub.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Serve wwwroot and MudBlazor's assets from the build output's manifest, as "dotnet run" does;
        // a published app serves them from its own wwwroot (PublishedAppTests).
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:AgentHub", $"Data Source={DatabasePath}");
        builder.UseSetting("AgentHub:DataProtection:KeysPath", Path.Combine(Folder, "keys"));
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (folder is null)
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
