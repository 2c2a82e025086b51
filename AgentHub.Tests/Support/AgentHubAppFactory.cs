using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace AgentHub.Tests.Support;

/// <summary>The real web app over a fresh SQLite file and key ring in a temporary folder.</summary>
public sealed class AgentHubAppFactory : WebApplicationFactory<Program>
{
    public string Folder { get; } = TestStore.NewFolder();

    public string DatabasePath => Path.Combine(Folder, "agenthub.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:AgentHub", $"Data Source={DatabasePath}");
        builder.UseSetting("AgentHub:DataProtection:KeysPath", Path.Combine(Folder, "keys"));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
