using AgentHub.Web.Components.Pages.AgentHub.Credentials;
using AngleSharp.Dom;
using Bunit;
using MudBlazor;

namespace AgentHub.Tests.Web;

/// <summary>
/// Drives an Agent Hub tab in bUnit the way an admin does: by labels and button names. Menus
/// render in the popover provider, dialogs in the dialog provider, as in the app's layout.
/// </summary>
public class TabDriver<TTab> where TTab : Microsoft.AspNetCore.Components.IComponent
{
    private readonly BunitContext _context;

    public TabDriver(BunitContext context)
    {
        _context = context;
        Popovers = context.Render<MudPopoverProvider>();
        Dialogs = context.Render<MudDialogProvider>();
        Snackbars = context.Render<MudSnackbarProvider>();
        Tab = context.Render<TTab>();
    }

    public IRenderedComponent<MudPopoverProvider> Popovers { get; }

    public IRenderedComponent<MudDialogProvider> Dialogs { get; }

    public IRenderedComponent<TTab> Tab { get; private set; }

    /// <summary>Renders the tab afresh, as a reload of the page would (the providers stay).</summary>
    public void Reload() => Tab = _context.Render<TTab>();

    public IRenderedComponent<MudSnackbarProvider> Snackbars { get; }

    /// <summary>Everything the browser would hold: page, dialogs and popovers.</summary>
    public string AllMarkup => Tab.Markup + Dialogs.Markup + Popovers.Markup + Snackbars.Markup;

    public bool DialogOpen => Dialogs.FindAll(".mud-dialog").Count > 0;

    /// <summary>A button of the tab (not of a dialog) by its text.</summary>
    public IElement TabButton(string text) => Button(Tab, text);

    /// <summary>Types into the dialog's field with this label.</summary>
    public void Fill(string label, string value) => Retry(() => Field(label).Input(value));

    /// <summary>The input or textarea labelled <paramref name="label"/> in the open dialog.</summary>
    public IElement Field(string label)
    {
        var labelElement = Dialogs.FindAll("label").FirstOrDefault(l => l.TextContent.Trim().TrimEnd('*').Trim() == label)
            ?? throw new InvalidOperationException($"No field labelled '{label}'. Labels: {string.Join(", ", Dialogs.FindAll("label").Select(l => l.TextContent.Trim()))}");
        return Dialogs.Find($"#{labelElement.GetAttribute("for")}");
    }

    /// <summary>Waits until the open dialog shows a field with this label (dialogs load their data first).</summary>
    public void WaitForField(string label) => Dialogs.WaitForAssertion(() => Assert.Contains(label, FieldLabels), TimeSpan.FromSeconds(5));

    public IReadOnlyList<string> FieldLabels => Dialogs.FindAll("label").Select(l => l.TextContent.Trim()).ToList();

    /// <summary>Opens the dialog's select labelled <paramref name="label"/> and picks the option whose text starts with <paramref name="option"/>.</summary>
    public void Choose(string label, string option)
    {
        OpenSelectStable(label);
        Popovers.WaitForAssertion(() => Assert.Contains(Popovers.FindAll(".mud-list-item"), i => i.TextContent.Trim().StartsWith(option, StringComparison.Ordinal)));
        Retry(() => Popovers.FindAll(".mud-list-item").First(i => i.TextContent.Trim().StartsWith(option, StringComparison.Ordinal)).Click());
    }

    /// <summary>
    /// Runs a lookup-and-trigger again when a render landed between the two (an async load such
    /// as model suggestions re-renders the dialog); a browser user never meets this race.
    /// </summary>
    public void Retry(Action findAndTrigger)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Finding and triggering on the renderer's dispatcher keeps a render from landing in between.
                Tab.InvokeAsync(findAndTrigger).GetAwaiter().GetResult();
                return;
            }
            catch (Bunit.Rendering.UnknownEventHandlerIdException) when (attempt < 5)
            {
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>Opens the dialog's select labelled <paramref name="label"/>; its options render in the popover provider.</summary>
    public void OpenSelect(string label) =>
        Dialogs.FindAll(".mud-select").First(s => s.QuerySelector("label")?.TextContent.Trim() == label)
            .QuerySelector(".mud-input-control-input-container, .mud-select-input, .mud-input")!.MouseDown();

    /// <summary>Opens the dialog's select labelled <paramref name="label"/>, retrying across renders.</summary>
    private void OpenSelectStable(string label) => Retry(() => OpenSelect(label));

    /// <summary>Clicks a button of the open dialog by its text.</summary>
    public void ClickDialogButton(string text) => Retry(() => Button(Dialogs, text).Click());

    /// <summary>Opens the three-dots menu of a row and picks an item.</summary>
    public void RowAction(string credentialName, string item)
    {
        Retry(() => Tab.Find($"button[aria-label='Actions for {credentialName}']").Click());
        Popovers.WaitForAssertion(() => Assert.Contains(Popovers.FindAll(".mud-menu-item"), i => i.TextContent.Trim() == item));
        Retry(() => Popovers.FindAll(".mud-menu-item").Single(i => i.TextContent.Trim() == item).Click());
    }

    /// <summary>
    /// The value of each cell of the row whose first cell is <paramref name="name"/>: its text, or for a
    /// cell that marks its value (<c>data-cell-value</c>, the Status chip above its captions) that part's text.
    /// </summary>
    public IReadOnlyList<string> Row(string name) =>
        Tab.FindAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => (c.QuerySelector("[data-cell-value]") ?? c).TextContent.Trim()).ToList())
            .Single(cells => cells.Count > 0 && cells[0] == name);

    /// <summary>The whole text of each cell of the row whose first cell is <paramref name="name"/>, captions included.</summary>
    public IReadOnlyList<string> RowText(string name) =>
        Tab.FindAll("tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList())
            .Single(cells => cells.Count > 0 && cells[0] == name);

    /// <summary>
    /// Whether the table holds whitespace between two cells: Blazor sends each such gap as markup that the
    /// browser parses on its own, once between every two cells of every row.
    /// </summary>
    public bool WhitespaceBetweenCells => System.Text.RegularExpressions.Regex.IsMatch(Tab.Find("table").OuterHtml, @"</t[dh]>\s+<t[dh][\s>]");

    public IReadOnlyList<string> RowNames => Tab.FindAll("tbody tr").Select(r => r.QuerySelector("td")?.TextContent.Trim() ?? "").ToList();

    private static IElement Button<T>(IRenderedComponent<T> root, string text) where T : Microsoft.AspNetCore.Components.IComponent =>
        root.FindAll("button").Single(b => b.TextContent.Trim() == text);
}

/// <summary>The Credentials tab's driver.</summary>
public sealed class CredentialsTabDriver(BunitContext context) : TabDriver<CredentialsTab>(context)
{
    public void ClickCreate() => Retry(() => TabButton("Create").Click());

    public IElement CreateButton => TabButton("Create");

    public void ChooseProvider(string displayName) => Choose("Provider", displayName);
}
