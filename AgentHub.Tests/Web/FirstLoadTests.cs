using AgentHub.Core.Credentials;

namespace AgentHub.Tests.Web;

/// <summary>What the first load of a tab sends: the layout and the tab strip prerendered, the tab itself only over the circuit, nothing compressed that BREACH could read.</summary>
public sealed class FirstLoadTests : IAsyncLifetime
{
    private readonly AgentHubAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ThePrerenderedPageShouldHoldTheTabStripAndAProgressBarButNotTheTab()
    {
        var client = await AccountForms.SignedInClientAsync(_app);
        var owner = await AccountForms.OwnerActorAsync(_app.Services);
        var created = await _app.Services.GetRequiredService<CredentialChanges>().CreateAsync(owner, Inputs.Credential("Zanzibar key"));
        Assert.True(created.Succeeded);

        var html = await client.GetStringAsync("/agent-hub/credentials?q=xyzzy");

        Assert.Contains("<title>Agent Hub</title>", html);
        Assert.Contains("href=\"agent-hub/models\"", html);
        Assert.Contains("aria-label=\"Loading\"", html);
        // The tab (its counter, toolbar, table and rows) comes once, with the circuit's first render.
        Assert.DoesNotContain("1 / 200 credentials", html);
        Assert.DoesNotContain(">Name<", html);
        Assert.DoesNotContain("Zanzibar key", html);
        Assert.DoesNotContain("xyzzy", html);
        // The icons every row repeats are drawn once, in the page's sprite.
        Assert.All(AgentHub.Web.Components.Shared.IconSprite.Symbols, s => Assert.Contains($"<symbol id=\"{s.Id}\"", html));
    }

    [Fact]
    public async Task APageHoldingTheAntiforgeryTokenShouldNotBeCompressedAndShouldForbidFraming()
    {
        var client = await AccountForms.SignedInClientAsync(_app);
        var request = new HttpRequestMessage(HttpMethod.Get, "/agent-hub/models?q=xyzzy");
        request.Headers.Accept.ParseAdd("text/html");
        request.Headers.AcceptEncoding.ParseAdd("br, gzip");

        var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Contains("__RequestVerificationToken", html);
        Assert.Contains("frame-ancestors 'none'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task ThePagesStylesheetsAndScriptsShouldBeSentCompressed()
    {
        var client = _app.CreateClient();
        var html = await client.GetStringAsync("/account/login");
        var files = System.Text.RegularExpressions.Regex.Matches(html, "(?:href|src)=\"([^\"]+\\.(?:css|js))\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(files, f => f.Contains("MudBlazor", StringComparison.Ordinal) && f.EndsWith(".css", StringComparison.Ordinal));

        foreach (var file in files.Where(f => f.Contains("MudBlazor", StringComparison.Ordinal) || f.Contains("blazor.web", StringComparison.Ordinal)))
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/" + file.TrimStart('/'));
            request.Headers.AcceptEncoding.ParseAdd("gzip");
            var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Content.Headers.ContentEncoding.Count > 0, $"{file} was sent uncompressed");
        }
    }
}
