namespace AgentHub.Tests.E2E;

/// <summary>A scenario class: each test starts from an empty team in a fresh browser context.</summary>
[Collection(E2ECollection.Name)]
public abstract class E2EScenario(AgentHubE2EFixture app) : IAsyncLifetime
{
    protected AgentHubE2EFixture App { get; } = app;

    protected BrowserSession Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await App.ResetAsync();
        Browser = await BrowserSession.StartAsync(App);
    }

    public async Task DisposeAsync() => await Browser.DisposeAsync();
}
