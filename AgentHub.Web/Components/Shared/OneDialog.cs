namespace AgentHub.Web.Components.Shared;

/// <summary>
/// Opens a component's dialogs one at a time: while one is open, asking for another opens nothing.
/// A double click, or clicks made while the page was still connecting (Blazor queues them and runs
/// them in turn), would otherwise stack a dialog per click, each with its own form and queries.
/// A dialog kept as a draft comes first: while the tab looks for one (<see cref="Hold"/>), clicks
/// wait, and the draft's dialog, when there is one, takes the place.
/// </summary>
public sealed class OneDialog(IDialogService dialogs)
{
    private int _open;
    private TaskCompletionSource? _held;

    /// <summary>Makes dialogs asked for from now on wait until <see cref="Release"/> or until a reopened draft's dialog is open.</summary>
    public void Hold() => _held ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets the dialogs waiting since <see cref="Hold"/> go on (each opens if no dialog is open by then).</summary>
    public void Release()
    {
        var held = _held;
        _held = null;
        held?.TrySetResult();
    }

    /// <summary>
    /// Shows the dialog and waits until it closes; null, and nothing shown, when one is already open.
    /// <paramref name="reopening"/>: the dialog of a draft, opening again after a reload; it opens even
    /// over a dialog opened first (as a second one), so what was typed is never dropped unseen.
    /// </summary>
    public async Task<DialogResult?> ShowAsync<TDialog>(string title, DialogParameters<TDialog> parameters, DialogOptions options, bool reopening = false)
        where TDialog : IComponent
    {
        if (!reopening && _held is { } held)
        {
            await held.Task;
        }

        if (_open > 0 && !reopening)
        {
            return null;
        }

        _open++;
        if (reopening)
        {
            Release();
        }

        try
        {
            var dialog = await dialogs.ShowAsync<TDialog>(title, parameters, options);
            return await dialog.Result;
        }
        finally
        {
            _open--;
        }
    }
}
