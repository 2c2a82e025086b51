using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace AgentHub.Tests.Web;

/// <summary>
/// Publishes the app and runs the published output in Production, as an operator would:
/// static assets (MudBlazor's included) must be served from the published wwwroot.
/// </summary>
public sealed class PublishedAppTests : IDisposable
{
    private readonly string _folder = TestStore.NewFolder();

    [Fact]
    public async Task ThePublishedAppShouldServeItsPagesHealthAndMudBlazorAssetsInProduction()
    {
        var output = Path.Combine(_folder, "publish");
        var publish = await RunAsync("dotnet", $"publish \"{Path.Combine(RepositoryPaths.Root, "AgentHub.Web")}\" -c Release -o \"{output}\" --nologo", RepositoryPaths.Root);
        Assert.True(publish.ExitCode == 0, publish.Output);

        var port = FreePort();
        using var app = Process.Start(new ProcessStartInfo("dotnet", $"AgentHub.Web.dll --urls http://127.0.0.1:{port}")
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Production" },
        })!;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var health = await WaitForHealthAsync(http);
            var html = await http.GetStringAsync("/agent-hub/credentials");
            var css = Regex.Match(html, "_content/MudBlazor/MudBlazor\\.min(\\.[a-z0-9]+)?\\.css").Value;
            var js = Regex.Match(html, "_content/MudBlazor/MudBlazor\\.min(\\.[a-z0-9]+)?\\.js").Value;
            var cssResponse = await http.GetAsync("/" + css);
            var jsResponse = await http.GetAsync("/" + js);

            Assert.Equal(HttpStatusCode.OK, health);
            Assert.NotEmpty(css);
            Assert.NotEmpty(js);
            Assert.Equal(HttpStatusCode.OK, cssResponse.StatusCode);
            Assert.Equal("text/css", cssResponse.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.OK, jsResponse.StatusCode);
            Assert.True(File.Exists(Path.Combine(output, "data", "agenthub.db")), "The database is created beside the published app.");
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
        }
    }

    private static async Task<HttpStatusCode> WaitForHealthAsync(HttpClient http)
    {
        // Generous: a loaded machine can take long to start the app, and the wait ends as soon as it answers.
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (true)
        {
            try
            {
                return (await http.GetAsync("/healthz")).StatusCode;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string arguments, string workingDirectory)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // The app may still release files for a moment after exit; the temp cleaner gets them.
        }
    }
}
