using AgentHub.Core.Alerts;
using AgentHub.Web.Components.Pages.AgentHub.Alerts;
using Bunit;

namespace AgentHub.Tests.Web.Alerts;

public sealed class AlertsTabTests : IAsyncLifetime
{
    private const string SecretPath = "/services/T000/B000/slack-path-token-4242";

    private MudTestContext _mud = null!;

    public async Task InitializeAsync() => _mud = await MudTestContext.CreateAsync(
        new Dictionary<string, string?> { ["AgentHub:Network:AllowPrivateEndpoints"] = "true" }, configure: FakeProviders.TrustTheFakes);

    public async Task DisposeAsync() => await _mud.DisposeAsync();

    private AlertSettingsService Alerts => _mud.Store.Services.GetRequiredService<AlertSettingsService>();

    private static void Submit(TabDriver<AlertsTab> page, string url)
    {
        page.Retry(() => page.Tab.FindAll("input").First(i => (i.GetAttribute("placeholder") ?? "").StartsWith("https://", StringComparison.Ordinal)).Change(url));
        page.Retry(() => page.Tab.Find("form").Submit());
    }

    [Fact]
    public void AnHttpWebhookUrlShouldBeRefusedAtTheField()
    {
        var page = new TabDriver<AlertsTab>(_mud.Context);
        page.Tab.WaitForAssertion(() => Assert.Contains("No alert has been sent yet.", page.Tab.Markup));

        Submit(page, "http://hooks.example.com/alerts");

        page.Tab.WaitForAssertion(() => Assert.Contains("Webhook URL must start with https://", page.Tab.Find(".mud-input-helper-text.mud-input-error").TextContent));
    }

    [Fact]
    public async Task TheSigningSecretShouldBeShownOnceAndTheUrlNever()
    {
        (await Alerts.SaveAsync(_mud.Store.Admin, new AlertSettingsInput { WebhookUrl = "https://127.0.0.1:9" + SecretPath })).ValueOrFail();
        var page = new TabDriver<AlertsTab>(_mud.Context);
        page.Tab.WaitForAssertion(() => Assert.Contains("Rotate signing secret", page.Tab.Markup));

        page.Retry(() => page.TabButton("Rotate signing secret").Click());
        page.Tab.WaitForAssertion(() => Assert.NotEmpty(page.Tab.FindAll("[data-testid='signing-secret']")));
        var secret = page.Tab.FindAll("input").Select(i => i.GetAttribute("value") ?? "").Single(v => v.StartsWith("whsec_", StringComparison.Ordinal));
        page.Reload();
        page.Tab.WaitForAssertion(() => Assert.Contains("Rotate signing secret", page.Tab.Markup));

        Assert.DoesNotContain(secret, page.AllMarkup);
        Assert.DoesNotContain(SecretPath, page.AllMarkup);
        Assert.DoesNotContain("slack-path-token", page.AllMarkup);
        Assert.Contains("https://127.0.0.1:9/…4242", page.Tab.Markup);
    }

    [Fact]
    public async Task RemoveWebhookShouldConfirmFirstThenShowTheEmptyForm()
    {
        (await Alerts.SaveAsync(_mud.Store.Admin, new AlertSettingsInput { WebhookUrl = "https://127.0.0.1:9" + SecretPath, Format = AlertFormat.SignedJson })).ValueOrFail();
        var page = new TabDriver<AlertsTab>(_mud.Context);
        page.Tab.WaitForAssertion(() => Assert.Contains("Remove webhook", page.Tab.Markup));

        page.Retry(() => page.TabButton("Remove webhook").Click());
        page.Dialogs.WaitForAssertion(() => Assert.Contains("Remove the alert webhook?", page.Dialogs.Markup));
        page.ClickDialogButton("Cancel");
        page.Dialogs.WaitForAssertion(() => Assert.False(page.DialogOpen));
        var keptOnCancel = await Alerts.GetAsync(_mud.Store.Admin);
        page.Retry(() => page.TabButton("Remove webhook").Click());
        page.Dialogs.WaitForAssertion(() => Assert.Contains("https://127.0.0.1:9/…4242", page.Dialogs.Markup));
        page.ClickDialogButton("Remove");

        page.Tab.WaitForAssertion(() => Assert.Equal("No webhook is set.", page.Tab.Find("[data-testid='webhook-state']").TextContent.Trim()));
        Assert.NotNull(keptOnCancel);
        Assert.Null(await Alerts.GetAsync(_mud.Store.Admin));
        Assert.DoesNotContain("Send test message", page.Tab.Markup);
        Assert.DoesNotContain("Rotate signing secret", page.Tab.Markup);
        Assert.DoesNotContain("Remove webhook", page.Tab.Markup);
        Assert.Contains("https://hooks.slack.com/services/…", page.Tab.Find("input[placeholder^='https://']").GetAttribute("placeholder"));
        Assert.DoesNotContain("127.0.0.1:9", page.Tab.Markup);
        Assert.Contains("Slack-compatible", page.Tab.Markup);
    }

    [Fact]
    public async Task AWaitingMessageShouldShowItsDeliveryWithoutAReload()
    {
        await using var receiver = await FakeWebhookReceiver.StartAsync();
        (await Alerts.SaveAsync(_mud.Store.Admin, new AlertSettingsInput { WebhookUrl = receiver.Url.AbsoluteUri })).ValueOrFail();
        var page = new TabDriver<AlertsTab>(_mud.Context);
        page.Tab.WaitForAssertion(() => Assert.Contains("Send test message", page.Tab.Markup));
        page.Retry(() => page.TabButton("Send test message").Click());
        page.Tab.WaitForAssertion(() => Assert.Contains("Waiting to be sent", page.Tab.Markup));

        await _mud.Store.Services.GetRequiredService<AlertDeliveryService>().DeliverDueAsync(CancellationToken.None);

        page.Tab.WaitForAssertion(() => Assert.Contains("Delivered ", page.Tab.Markup), AlertDeliveryLoop.Interval * 3);
        Assert.DoesNotContain("Waiting to be sent", page.Tab.Markup);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task AFailedDeliveryShouldShowWhyAndTheNextTry()
    {
        await using var receiver = await FakeWebhookReceiver.StartAsync();
        receiver.Status = 500;
        (await Alerts.SaveAsync(_mud.Store.Admin, new AlertSettingsInput { WebhookUrl = receiver.Url.AbsoluteUri })).ValueOrFail();
        Assert.True((await Alerts.SendTestAsync(_mud.Store.Admin)).Succeeded);
        await _mud.Store.Services.GetRequiredService<AlertDeliveryService>().DeliverDueAsync(CancellationToken.None);

        var page = new TabDriver<AlertsTab>(_mud.Context);

        page.Tab.WaitForAssertion(() => Assert.Contains("Delivery failed once: the receiver answered 500; next try ", page.Tab.Markup));
        Assert.Single(receiver.Received);
    }
}
