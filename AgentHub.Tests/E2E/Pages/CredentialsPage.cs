using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentHub.Tests.E2E.Pages;

/// <summary>The Credentials tab as an admin uses it.</summary>
public sealed class CredentialsPage(IPage page, Uri baseUrl, List<string> typedSecrets) : AgentHubPage(page, baseUrl, typedSecrets)
{
    protected override string Path => "/agent-hub/credentials";

    public ILocator CreateButton => Main.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true });

    /// <summary>Opens Create, fills name, provider and fields (label → value; <paramref name="secrets"/> names the secret ones) and submits.</summary>
    public async Task CreateAsync(string name, string provider, IReadOnlyDictionary<string, string> fields, IReadOnlyCollection<string>? secrets = null, bool expectClosed = true)
    {
        await CreateButton.ClickAsync();
        await FillAsync("Name", name);
        await ChooseAsync("Provider", provider);
        foreach (var (label, value) in fields)
        {
            await FillAsync(label, value, secret: secrets?.Contains(label) ?? label is "API Key" or "Service Account Key (JSON)");
        }

        await ClickDialogButtonAsync("Create");
        if (expectClosed)
        {
            await ExpectDialogClosedAsync();
        }
    }

    public Task ExpectStatusAsync(string name, string status) =>
        Expect(Row(name).GetByRole(AriaRole.Cell).Nth(3).Locator("[data-cell-value]")).ToHaveTextAsync(status);

    public Task ExpectHintAsync(string name, string hint) =>
        Expect(Row(name).GetByRole(AriaRole.Cell).Nth(4)).ToHaveTextAsync(hint);
}
