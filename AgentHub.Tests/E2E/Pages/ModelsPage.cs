using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentHub.Tests.E2E.Pages;

/// <summary>The Models tab as an admin uses it.</summary>
public sealed class ModelsPage(IPage page, Uri baseUrl, List<string> typedSecrets) : AgentHubPage(page, baseUrl, typedSecrets)
{
    protected override string Path => "/agent-hub/models";

    public ILocator ConnectButton => Main.GetByRole(AriaRole.Button, new() { Name = "Connect Model", Exact = true });

    public async Task ConnectAsync(string credential, string modelId)
    {
        await ConnectButton.ClickAsync();
        await ChooseAsync("Credential", credential);
        await FillAsync("Model name or ID", modelId);
        // Leave the field so its suggestion list closes (Escape would close the dialog).
        await Page.Keyboard.PressAsync("Tab");
        await ClickDialogButtonAsync("Connect");
        await ExpectDialogClosedAsync();
    }

    public Task ExpectStatusAsync(string model, string status) =>
        Expect(Row(model).GetByRole(AriaRole.Cell).Nth(4)).ToContainTextAsync(status);
}
