using AgentHub.Tests.Fakes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentHub.Tests.E2E;

/// <summary>The Credentials tab in the real app, in a real Chromium, against the fake providers.</summary>
[Collection(E2ECollection.Name)]
public sealed class CredentialScenarios(AgentHubE2EFixture app) : IAsyncLifetime
{
    private BrowserSession _browser = null!;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        _browser = await BrowserSession.StartAsync(app);
    }

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public Task ACredentialOfEveryProviderShouldBeCreatedAndVerified() => _browser.RunAsync(nameof(ACredentialOfEveryProviderShouldBeCreatedAndVerified), async () =>
    {
        var page = _browser.Credentials;
        await page.GotoAsync();
        var fakes = app.Fakes;
        var cases = new (string Name, string Provider, Dictionary<string, string> Fields)[]
        {
            ("E2E OpenAI", "OpenAI", new() { ["API Key"] = fakes.OpenAi.ValidKey }),
            ("E2E Anthropic", "Anthropic", new() { ["API Key"] = fakes.Anthropic.ValidKey }),
            ("E2E Gemini", "Gemini", new() { ["API Key"] = fakes.Gemini.ValidKey }),
            ("E2E Fireworks", "Fireworks AI", new() { ["API Key"] = fakes.Fireworks.ValidKey }),
            ("E2E Vertex", "Vertex AI", new() { ["Service Account Key (JSON)"] = fakes.VertexAi.ServiceAccountJson() }),
            ("E2E Databricks", "Databricks", new() { ["API Key"] = fakes.Databricks.ValidKey, ["Workspace URL"] = fakes.Databricks.Root.AbsoluteUri }),
            ("E2E Bedrock", "AWS Bedrock", new() { ["API Key"] = fakes.Bedrock.ValidKey }),
            ("E2E Custom", "Custom", new() { ["Base URL"] = fakes.Custom.BaseUrl.AbsoluteUri, ["API Key"] = fakes.Custom.ValidKey }),
        };

        foreach (var (name, provider, fields) in cases)
        {
            await page.CreateAsync(name, provider, fields);
            await page.ExpectStatusAsync(name, "Verified");
        }

        await Expect(page.Main).ToContainTextAsync("8 / 200 credentials");
    });
}
