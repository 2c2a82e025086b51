namespace AgentHub.Web.Components.Shared;

/// <summary>
/// What every tab with a list does: load the acting member, then its rows, and report outcomes in
/// snackbars and dialogs.
/// </summary>
public abstract class TeamTabBase : TeamComponentBase
{
    [Inject]
    protected IDialogService Dialogs { get; set; } = null!;

    [Inject]
    protected ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    protected NavigationManager Navigation { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        await LoadMemberAsync();
        await ReloadAsync();
    }

    /// <summary>Reads the tab's rows again.</summary>
    protected abstract Task ReloadAsync();
}

/// <summary>
/// A tab whose dialog keeps a draft in the browser: after the page reloads (or the app restarts),
/// the dialog that was open opens again with what was typed, or says that its object is gone.
/// </summary>
public abstract class DraftTabBase<TDraft> : TeamTabBase where TDraft : class
{
    private bool _draftChecked;
    private DialogDrafts? _drafts;

    [Inject]
    private IJSRuntime JS { get; set; } = null!;

    protected DialogDrafts Drafts => _drafts ??= new DialogDrafts(JS);

    protected string DraftKey => DialogDrafts.KeyFor(Actor, DraftTab);

    /// <summary>The tab's name in the draft's storage key.</summary>
    protected abstract string DraftTab { get; }

    /// <summary>Whether the rows are loaded, so a draft's object can be looked up.</summary>
    protected abstract bool Loaded { get; }

    /// <summary>Opens the dialog of <paramref name="draft"/> again; false when the object it edited no longer exists.</summary>
    protected abstract Task<bool> ReopenAsync(TDraft draft);

    /// <summary>What the snackbar says when the draft's object no longer exists.</summary>
    protected abstract string GoneMessage(TDraft draft);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // A dialog that was open when the page reloaded (or the app restarted) opens again with what was typed.
        if (_draftChecked || !Loaded || !CanChange)
        {
            return;
        }

        _draftChecked = true;
        if (await Drafts.LoadAsync<TDraft>(DraftKey) is not { } draft)
        {
            return;
        }

        if (!await ReopenAsync(draft))
        {
            await Drafts.ClearAsync(DraftKey);
            Snackbar.Add(GoneMessage(draft), Severity.Warning);
        }

        StateHasChanged();
    }
}
