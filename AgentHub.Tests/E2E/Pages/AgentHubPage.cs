using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentHub.Tests.E2E.Pages;

/// <summary>What both tabs share: navigation that waits for the live circuit, the open dialog, and rows by first cell.</summary>
public abstract class AgentHubPage(IPage page, Uri baseUrl, List<string> typedSecrets)
{
    public IPage Page { get; } = page;

    /// <summary>Every secret typed through this page object, to look for afterwards where it must not be.</summary>
    public IReadOnlyList<string> TypedSecrets => typedSecrets;

    protected abstract string Path { get; }

    /// <summary>Remembers a secret typed outside a dialog for the leak checks.</summary>
    protected void RememberSecret(string secret) => typedSecrets.Add(secret);

    /// <summary>The one open dialog.</summary>
    public ILocator Dialog => Page.GetByRole(AriaRole.Dialog);

    /// <summary>The page's main area (dialogs render outside it).</summary>
    public ILocator Main => Page.GetByRole(AriaRole.Main);

    public async Task GotoAsync()
    {
        await Page.GotoAsync(new Uri(baseUrl, Path.TrimStart('/')).AbsoluteUri);
        await WaitForCircuitAsync();
    }

    /// <summary>The prerendered page is inert until the circuit connects.</summary>
    public Task WaitForCircuitAsync() => Expect(Page.Locator("[data-interactive='true']")).ToBeAttachedAsync();

    public ILocator Row(string firstCell) =>
        Main.GetByRole(AriaRole.Row).Filter(new() { Has = Page.GetByRole(AriaRole.Cell, new() { Name = firstCell, Exact = true }) });

    /// <summary>Opens a row's three-dots menu and picks an item.</summary>
    public async Task RowActionAsync(string name, string item)
    {
        await Main.GetByRole(AriaRole.Button, new() { Name = $"Actions for {name}", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Menuitem, new() { Name = item, Exact = true }).ClickAsync();
    }

    /// <summary>Fills a dialog field by its label; secrets are remembered for the leak checks.</summary>
    public async Task FillAsync(string label, string value, bool secret = false)
    {
        if (secret)
        {
            typedSecrets.Add(value);
        }

        await Dialog.GetByLabel(label, new() { Exact = true }).FillAsync(value);
    }

    /// <summary>
    /// Pastes <paramref name="value"/> into a dialog field by its label as Chromium's own Ctrl+V does,
    /// without the clipboard: the whole text lands at once and the field gets one <c>input</c> event
    /// (<c>insertFromPaste</c>). <see cref="FillAsync"/> types multi-line text instead, two input
    /// events a line, each carrying the whole value so far: a 1,000-line PEM bundle becomes 2,000
    /// round trips no admin's paste makes.
    /// </summary>
    public async Task PasteAsync(string label, string value, bool secret = false)
    {
        if (secret)
        {
            typedSecrets.Add(value);
        }

        var field = Dialog.GetByLabel(label, new() { Exact = true });
        await field.FocusAsync();
        await field.EvaluateAsync(
            """
            (element, text) => {
                element.value = text;
                element.dispatchEvent(new InputEvent('input', { inputType: 'insertFromPaste', data: text, bubbles: true }));
            }
            """,
            value);
    }

    /// <summary>
    /// Picks an option of a dialog select by its label and the option's text, and waits for the list to
    /// close: a click made while it closes lands on its overlay and only closes it (a Save then did nothing).
    /// </summary>
    public async Task ChooseAsync(string label, string option)
    {
        await Dialog.GetByLabel(label, new() { Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Option).Filter(new() { HasText = option }).First.ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Option)).ToHaveCountAsync(0);
    }

    public Task ClickDialogButtonAsync(string name) => Dialog.GetByRole(AriaRole.Button, new() { Name = name, Exact = true }).ClickAsync();

    public Task ExpectDialogClosedAsync() => Expect(Dialog).ToHaveCountAsync(0);
}
