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
        await ChooseModelIdAsync(modelId);
        await ClickDialogButtonAsync("Connect");
        await ExpectDialogClosedAsync();
    }

    /// <summary>Types a model ID the provider offers and picks it from the suggestion list, as an
    /// admin does. Leaving the field instead races the list: on a busy machine it opens after the
    /// field is left, and the next fill or click lands on its overlay and only closes the list.</summary>
    public async Task ChooseModelIdAsync(string modelId)
    {
        await Expect(Dialog).ToContainTextAsync("models offered by the provider");
        await FillAsync("Model name or ID", modelId);
        await Page.GetByRole(AriaRole.Option, new() { Name = modelId, Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Option)).ToHaveCountAsync(0);
    }

    public Task ExpectStatusAsync(string model, string status) =>
        Expect(Row(model).GetByRole(AriaRole.Cell).Nth(4)).ToContainTextAsync(status);
}
