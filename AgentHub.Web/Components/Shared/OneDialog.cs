namespace AgentHub.Web.Components.Shared;

/// <summary>
/// Opens a component's dialogs one at a time: while one is open, asking for another opens nothing.
/// A double click, or clicks made while the page was still connecting (Blazor queues them and runs
/// them in turn), would otherwise stack a dialog per click, each with its own form and queries.
/// </summary>
public sealed class OneDialog(IDialogService dialogs)
{
    private bool _open;

    /// <summary>Shows the dialog and waits until it closes; null, and nothing shown, when one is already open.</summary>
    public async Task<DialogResult?> ShowAsync<TDialog>(string title, DialogParameters<TDialog> parameters, DialogOptions options)
        where TDialog : IComponent
    {
        if (_open)
        {
            return null;
        }

        _open = true;
        try
        {
            var dialog = await dialogs.ShowAsync<TDialog>(title, parameters, options);
            return await dialog.Result;
        }
        finally
        {
            _open = false;
        }
    }
}
