namespace AgentHub.Tests.E2E;

/// <summary>Finds the system Chromium: Playwright cannot download its own browser on these machines.</summary>
public static class BrowserLocator
{
    private static readonly string[] UsualPaths =
    [
        "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/snap/bin/chromium",
    ];

    /// <summary>The browser executable: <c>AGENTHUB_CHROMIUM</c> first, then the usual system paths.</summary>
    public static string Find()
    {
        var configured = Environment.GetEnvironmentVariable("AGENTHUB_CHROMIUM");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"AGENTHUB_CHROMIUM points at '{configured}', which does not exist.");
        }

        return UsualPaths.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "No Chromium found for the browser tests. Install Debian's package (sudo apt-get install -y chromium), " +
                "or set AGENTHUB_CHROMIUM to a Chromium or Chrome executable. ./test.sh installs it when run as root.");
    }
}
