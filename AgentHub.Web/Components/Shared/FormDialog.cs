namespace AgentHub.Web.Components.Shared;

/// <summary>
/// What every create and edit dialog shares: who acts, the dialog it sits in, its form and the save
/// flow (one submit at a time, the form validated first, the dialog locked while it runs).
/// </summary>
public abstract class FormDialog : ComponentBase
{
    [CascadingParameter]
    public IMudDialogInstance MudDialog { get; set; } = null!;

    /// <summary>Who acts, in which team.</summary>
    [Parameter, EditorRequired]
    public Actor Actor { get; set; } = null!;

    /// <summary>The dialog's form; its fields name their property with <c>For</c>.</summary>
    protected MudForm? Form { get; set; }

    /// <summary>True from a submit until its save ends: the buttons are disabled.</summary>
    protected bool Busy { get; private set; }

    /// <summary>False once the dialog closed itself during a save: it must not be unlocked then.</summary>
    protected virtual bool IsOpen => true;

    /// <summary>Clears what the previous submit showed (the server's messages, a problem).</summary>
    protected abstract void ClearProblems();

    /// <summary>Runs <paramref name="saveAsync"/> when the form is valid, once however often it is asked.</summary>
    protected async Task SubmitFormAsync(Func<Task> saveAsync)
    {
        // Taken before validation, so Enter and a click in quick succession submit once.
        if (Busy || Form is null)
        {
            return;
        }

        Busy = true;
        await MudDialog.LockAsync(true);
        try
        {
            ClearProblems();
            await Form.ValidateAsync();
            if (Form.IsValid)
            {
                await saveAsync();
            }
        }
        finally
        {
            Busy = false;
            if (IsOpen)
            {
                await MudDialog.LockAsync(false);
            }
        }
    }
}
