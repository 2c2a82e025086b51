using System.Diagnostics;
using System.Net.Sockets;
using AgentHub.Tests.E2E;
using AgentHub.Tests.E2E.Pages;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentHub.Tests.Faults;

/// <summary>
/// The built app run as its own process over a data folder, killed with SIGKILL while a create waits
/// for a provider that never answers, then started again on the same folder: the credential reads
/// Failed, interrupted, never Verifying forever.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class KillDuringVerificationScenarios(AgentHubE2EFixture fixture) : IAsyncLifetime
{
    private const string InterruptedMessage = "The verification was interrupted before the provider answered. Use Re-verify.";
    private readonly string _folder = TestStore.NewFolder();
    private readonly List<string> _output = [];
    private IBrowserContext _context = null!;

    public async Task InitializeAsync()
    {
        // The owner account, made by the setup code over the folder the app process will use.
        await using (var seed = new AgentHubAppFactory(folder: _folder))
        {
            await AccountForms.CreateOwnerAsync(seed.Services);
        }

        _context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1400, Height = 900 } });
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Starts <c>dotnet AgentHub.Web.dll</c> from the build output and waits for <c>/healthz</c>.</summary>
    private async Task<(Process Process, Uri BaseUrl)> StartAppAsync()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var output = Path.Combine(RepositoryPaths.Root, "AgentHub.Web", "bin", configuration, "net10.0");
        var port = FreePort();
        var process = Process.Start(new ProcessStartInfo("dotnet", $"AgentHub.Web.dll --urls http://127.0.0.1:{port}")
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                // Development serves the build output's static assets, as "dotnet run" does.
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ConnectionStrings__AgentHub"] = $"Data Source={Path.Combine(_folder, "agenthub.db")}",
                ["AgentHub__DataProtection__KeysPath"] = Path.Combine(_folder, "keys"),
                ["AgentHub__Network__AllowPrivateEndpoints"] = "true",
                // Room to kill the app mid-verification on a loaded machine; a short wait afterwards.
                ["AgentHub__Verification__Timeout"] = "00:00:10",
                ["AgentHub__Verification__InterruptedAfter"] = "00:00:01",
            },
        })!;
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { BaseAddress = baseUrl };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            Assert.False(process.HasExited, "The app exited at start: " + Output());
            try
            {
                if ((await http.GetAsync("healthz")).IsSuccessStatusCode)
                {
                    return (process, baseUrl);
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, "The app did not answer /healthz: " + Output());
            await Task.Delay(200);
        }
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return string.Join('\n', _output.TakeLast(40));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The status column as stored, read from the database file itself.</summary>
    private string StoredStatus(string name)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "agenthub.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Status FROM Credentials WHERE Name = $name";
        command.Parameters.AddWithValue("$name", name);
        var value = command.ExecuteScalar();
        return value is long number ? ((CredentialStatus)number).ToString() : value?.ToString() ?? "(no row)";
    }

    private static async Task<bool> Pause()
    {
        await Task.Delay(1000);
        return true;
    }

    [Fact]
    public async Task AnAppKilledBetweenCreateAndVerificationShouldShowTheCredentialFailedInterruptedAfterItsRestart()
    {
        await using var silent = new FaultyEndpoint(Fault.HangBeforeTls);
        var page = await _context.NewPageAsync();
        var (first, firstUrl) = await StartAppAsync();
        var created = DateTime.MinValue;
        try
        {
            await new LoginPage(page, firstUrl).SignInAsync(AccountForms.OwnerEmail, AccountForms.OwnerPassword);
            var credentials = new CredentialsPage(page, firstUrl, []);
            await credentials.GotoAsync();
            created = DateTime.UtcNow;
            await credentials.CreateAsync("Killed mid-verification", "Custom", new Dictionary<string, string>
            {
                ["Base URL"] = silent.BaseUrl.AbsoluteUri,
                ["API Key"] = "kill-test-key-000001",
            }, secrets: ["API Key"], expectClosed: false);
            await Expect(credentials.Dialog).ToContainTextAsync("Verifying with Custom…");

            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }
        finally
        {
            first.Dispose();
        }

        // The kill left the row as the create stored it: Verifying, with no answer to come.
        Assert.Equal(nameof(CredentialStatus.Verifying), StoredStatus("Killed mid-verification"));

        var (second, secondUrl) = await StartAppAsync();
        try
        {
            // A fresh sign-in on the new port (the first one's cookie is dropped).
            await _context.ClearCookiesAsync();
            await new LoginPage(page, secondUrl).SignInAsync(AccountForms.OwnerEmail, AccountForms.OwnerPassword);
            var credentials = new CredentialsPage(page, secondUrl, []);
            // Read again until the timeout (10 s) and the grace (1 s) since the create have passed, with
            // room for a loaded machine but well short of the default 30 s grace (each load reads the row afresh).
            var chip = credentials.Row("Killed mid-verification").GetByLabel($"Failed: {InterruptedMessage}", new() { Exact = true });
            var deadline = created.AddSeconds(25);
            do
            {
                await credentials.GotoAsync();
                await Expect(credentials.Row("Killed mid-verification")).ToBeVisibleAsync();
            }
            while (await chip.CountAsync() == 0 && DateTime.UtcNow < deadline && await Pause());

            await credentials.ExpectStatusAsync("Killed mid-verification", "Failed");
            await Expect(chip).ToBeVisibleAsync();
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
            second.Dispose();
        }
    }
}
