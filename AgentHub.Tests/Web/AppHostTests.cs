using Microsoft.AspNetCore.Mvc.Testing;

namespace AgentHub.Tests.Web;

public sealed class AppHostTests : IAsyncLifetime
{
    private readonly AgentHubAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HttpClient Client() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task StartShouldCreateTheDatabaseWhereConfiguredAndHealthzShouldAnswer200()
    {
        var response = await Client().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        Assert.True(File.Exists(_app.DatabasePath));
    }

    [Fact]
    public async Task TheRootShouldRedirectToTheCredentialsTab()
    {
        var response = await (await AccountForms.SignedInClientAsync(_app)).GetAsync("/");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/agent-hub/credentials", response.Headers.Location?.AbsolutePath);
    }

    [Theory]
    [InlineData("/agent-hub/credentials")]
    [InlineData("/agent-hub/models")]
    public async Task EachTabRouteShouldRenderTheAgentHubPageWithItsNavigation(string path)
    {
        var html = await (await AccountForms.SignedInClientAsync(_app)).GetStringAsync(path);

        Assert.Contains("<title>Agent Hub</title>", html);
        Assert.Contains("href=\"agent-hub\"", html);
        Assert.Contains("Credentials", html);
        Assert.Contains("Models", html);
    }

    [Fact]
    public async Task AnUnknownPathShouldAnswer404()
    {
        var response = await (await AccountForms.SignedInClientAsync(_app)).GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
