using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentHub.Tests.E2E.Pages;

/// <summary>The Alerts tab as an admin uses it: the webhook form, its buttons and the messages table.</summary>
public sealed class AlertsPage(IPage page, Uri baseUrl, List<string> typedSecrets) : AgentHubPage(page, baseUrl, typedSecrets)
{
    protected override string Path => "/agent-hub/alerts";

    /// <summary>"No webhook is set." or "Webhook: " and the URL's hint.</summary>
    public ILocator WebhookState => Main.GetByTestId("webhook-state");

    public ILocator Button(string name) => Main.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>The row of the messages table whose text holds <paramref name="text"/>.</summary>
    public ILocator Message(string text) =>
        Main.GetByRole(AriaRole.Table, new() { Name = "Alert messages" }).GetByRole(AriaRole.Row).Filter(new() { HasText = text });

    /// <summary>Types the webhook URL (remembered as a secret: a Slack URL is one) and saves it.</summary>
    public async Task SaveWebhookAsync(string url)
    {
        RememberSecret(url);
        await Main.GetByLabel("Webhook URL", new() { Exact = true }).FillAsync(url);
        await Button("Save").ClickAsync();
        await Expect(WebhookState).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Webhook: https://"));
    }

    /// <summary>Removes the webhook through the confirmation dialog.</summary>
    public async Task RemoveWebhookAsync()
    {
        await Button("Remove webhook").ClickAsync();
        await Expect(Dialog).ToContainTextAsync("Remove the alert webhook?");
        await ClickDialogButtonAsync("Remove");
        await ExpectDialogClosedAsync();
        await Expect(WebhookState).ToHaveTextAsync("No webhook is set.");
    }
}
