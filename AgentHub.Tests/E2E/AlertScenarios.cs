using AgentHub.Core.Alerts;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentHub.Tests.E2E;

/// <summary>
/// The Alerts tab in Chromium against a real webhook receiver on 127.0.0.1. The scenario has its own app
/// (with <c>AgentHub:Network:AllowPrivateEndpoints</c>, which a loopback receiver needs, while the shared app
/// keeps refusing private addresses for <see cref="CredentialScenarios"/>) behind the shared browser and fakes.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class AlertScenarios(AgentHubE2EFixture fixture) : IAsyncLifetime
{
    private const string Key = "sk-e2e-alert-scenario-secret-7f3a91";

    private readonly CapturingLoggerProvider _logs = new();
    private FakeWebhookReceiver _receiver = null!;
    private RestartableApp _app = null!;
    private BrowserSession _browser = null!;

    public async Task InitializeAsync()
    {
        fixture.Fakes.ResetAll();
        _receiver = await FakeWebhookReceiver.StartAsync();
        var settings = fixture.Fakes.OperatorSettings();
        settings["AgentHub:Network:AllowPrivateEndpoints"] = "true";
        _app = new RestartableApp(settings, s =>
        {
            FakeProviders.TrustTheFakes(s);
            s.AddLogging(b => b.AddProvider(_logs));
        });
        await _app.StartAsync();
        await AccountForms.CreateOwnerAsync(_app.Services);
        _browser = await BrowserSession.StartAsync(fixture.Browser, _app.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _app.DisposeAsync();
        await _receiver.DisposeAsync();
        fixture.Fakes.ResetAll();
    }

    private T Service<T>(IServiceScope scope) where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    [Fact]
    public Task AnAdminShouldGetTheTestAndOneBrokeMessageOnTheWebhookThenRemoveIt() => _browser.RunAsync(nameof(AnAdminShouldGetTheTestAndOneBrokeMessageOnTheWebhookThenRemoveIt), async () =>
    {
        var owner = await AccountForms.OwnerActorAsync(_app.Services);
        using var scope = _app.Services.CreateScope();
        fixture.Fakes.OpenAi.ValidKey = Key;
        _browser.Remember(Key);
        var credential = (await Service<CredentialChanges>(scope).CreateAsync(owner, new CredentialInput
        {
            Name = "Team OpenAI", ProviderId = ProviderIds.OpenAi, Values = { [FieldKeys.ApiKey] = Key },
        })).ValueOrFail();
        Assert.Equal(CredentialStatus.Verified, (await Service<CredentialVerification>(scope).VerifyAsync(owner, credential.Id)).ValueOrFail().Status);
        var alerts = _browser.Alerts;
        await alerts.GotoAsync();
        await Expect(alerts.WebhookState).ToHaveTextAsync("No webhook is set.");

        await alerts.SaveWebhookAsync(_receiver.Url.AbsoluteUri);
        await alerts.Button("Send test message").ClickAsync();

        // The delivery loop posts within 5 s; the tab re-reads its messages while one is on its way.
        await Expect(alerts.Message("Agent Hub test message")).ToContainTextAsync("Delivered ", new() { Timeout = 20_000 });
        var test = Assert.Single(_receiver.Received);
        Assert.Contains("Agent Hub test message", test.Body);

        fixture.Fakes.OpenAi.Answer = FakeAnswer.InvalidKey;
        var credentials = _browser.Credentials;
        await credentials.GotoAsync();
        await credentials.ExpectStatusAsync("Team OpenAI", "Verified");
        await credentials.RowActionAsync("Team OpenAI", "Re-verify");
        await credentials.ExpectStatusAsync("Team OpenAI", "Failed");
        await alerts.GotoAsync();
        await Expect(alerts.Message("Team OpenAI (OpenAI) broke")).ToContainTextAsync("Delivered ", new() { Timeout = 20_000 });

        Assert.Equal(2, _receiver.Received.Count);
        var broke = _receiver.Received[1];
        Assert.Contains("Credential Team OpenAI (OpenAI) broke: Failed", broke.Body);
        Assert.All(_receiver.Received, r => Assert.DoesNotContain(Key, r.Body));
        Assert.All(_receiver.Received, r => Assert.DoesNotContain(Key, string.Join("\n", r.Headers.Values)));
        Assert.DoesNotContain(Key, await _browser.Page.ContentAsync());
        Assert.Contains("AgentHub.Core", _logs.AllText);
        Assert.DoesNotContain(Key, _logs.AllText);

        await alerts.RemoveWebhookAsync();

        await Expect(alerts.Button("Send test message")).ToHaveCountAsync(0);
        await Expect(alerts.Button("Rotate signing secret")).ToHaveCountAsync(0);
        Assert.Null(await Service<AlertSettingsService>(scope).GetAsync(owner));
        Assert.Equal(2, _receiver.Received.Count);
    });
}
