using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentHub.Tests.E2E.Pages;

/// <summary>The Agent keys tab as an admin uses it.</summary>
public sealed class AgentKeysPage(IPage page, Uri baseUrl, List<string> typedSecrets) : AgentHubPage(page, baseUrl, typedSecrets)
{
    protected override string Path => "/agent-hub/agent-keys";

    public ILocator CreateButton => Main.GetByRole(AriaRole.Button, new() { Name = "Create agent key", Exact = true });

    /// <summary>Creates a key and returns it as the dialog shows it, once; the dialog is closed after.</summary>
    public async Task<string> CreateAsync(string name)
    {
        await CreateButton.ClickAsync();
        await FillAsync("Name", name);
        await ClickDialogButtonAsync("Create");
        await Expect(Dialog).ToContainTextAsync("You will not see this key again.");
        var key = await Dialog.GetByLabel("Agent key", new() { Exact = true }).InputValueAsync();
        await Expect(Dialog.GetByRole(AriaRole.Button, new() { Name = "Copy", Exact = true })).ToBeVisibleAsync();
        await ClickDialogButtonAsync("Done");
        await ExpectDialogClosedAsync();
        return key;
    }

    /// <summary>Revokes a key through its row menu and the confirmation.</summary>
    public async Task RevokeAsync(string name)
    {
        await RowActionAsync(name, "Revoke");
        await Expect(Dialog).ToContainTextAsync($"Revoke agent key '{name}'?");
        await ClickDialogButtonAsync("Revoke");
        await ExpectDialogClosedAsync();
        await Expect(Row(name)).ToHaveCountAsync(0);
    }
}
