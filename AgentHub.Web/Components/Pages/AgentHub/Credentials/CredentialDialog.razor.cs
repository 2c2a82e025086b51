using AgentHub.Core.Providers;

namespace AgentHub.Web.Components.Pages.AgentHub.Credentials;

/// <summary>The create / edit dialog. Closes with the stored <see cref="CredentialSummary"/>.</summary>
public partial class CredentialDialog
{
    private CredentialInput _input = new();
    private IReadOnlySet<string> _storedSecrets = new HashSet<string>();
    private IReadOnlyDictionary<string, string[]> _serverErrors = new Dictionary<string, string[]>();
    private Guid _version;
    private string _originalName = "";
    private StoredCredential? _stored;
    private (CredentialStatus Status, string? Message, string? Detail)? _lastStatus;
    private string? _progress;
    private string? _problem;
    private string? _problemDetail;
    private string? _loadError;
    private bool _verifyingInBackground;
    private bool _closed;
    private DialogDrafts? _drafts;
    private DraftWriter? _draftWriter;
    private IReadOnlyList<string> _restoredSecretLabels = [];
    private readonly HashSet<string> _retype = [];

    /// <summary>The credential to edit; null to create one.</summary>
    [Parameter]
    public Guid? CredentialId { get; set; }

    /// <summary>
    /// Verifies a created credential in a task the caller owns: closing the dialog does not stop it,
    /// and the caller reports its outcome on the row and in a snackbar.
    /// </summary>
    [Parameter, EditorRequired]
    public Func<CredentialSummary, Task<OperationResult<CredentialSummary>>> Verify { get; set; } = null!;

    /// <summary>What the admin had typed before the page reloaded; null for a fresh dialog.</summary>
    [Parameter]
    public CredentialDraft? Draft { get; set; }

    [Inject]
    private IJSRuntime JS { get; set; } = null!;

    [Inject]
    private CredentialReader Credentials { get; set; } = null!;

    [Inject]
    private CredentialChanges Changes { get; set; } = null!;

    [Inject]
    private CredentialEditor Editor { get; set; } = null!;

    [Inject]
    private ProviderCatalog Catalog { get; set; } = null!;

    [Inject]
    private CredentialInputValidator Validator { get; set; } = null!;

    private bool IsEdit => CredentialId is not null;

    private ProviderSchema? Schema => Catalog.Find(_input.ProviderId);

    private DialogDrafts Drafts => _drafts ??= new DialogDrafts(JS);

    private string DraftKey => DialogDrafts.KeyFor(Actor, CredentialDraft.Tab);

    /// <summary>Said at the top of a dialog reopened from its draft.</summary>
    private string? RestoredNotice => Draft is null ? null : _restoredSecretLabels.Count == 0
        ? "The page reloaded (the app may have restarted): what you typed is back."
        : $"The page reloaded (the app may have restarted): what you typed is back, except {string.Join(" and ", _restoredSecretLabels)}. Type {(_restoredSecretLabels.Count == 1 ? "it" : "them")} again: {DialogDrafts.SecretsNeverKept.ToLowerInvariant()}";

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        var initialDraft = DraftJson();
        if (Draft is not null && _loadError is null)
        {
            Restore(Draft);
        }

        _draftWriter = _loadError is null ? new DraftWriter(Drafts, DraftKey, initialDraft, restored: Draft is not null) : null;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Written after each render, so every change the admin makes is in the draft.
        if (_draftWriter is not null && RendererInfo.IsInteractive)
        {
            await _draftWriter.WriteIfChangedAsync(DraftJson());
        }
    }

    private string DraftJson() => DialogDrafts.Serialize(CredentialDraft.Of(Schema, _input, CredentialId, IsEdit ? _version : null));

    private void Restore(CredentialDraft draft)
    {
        draft.ApplyTo(_input, Catalog);
        if (IsEdit && draft.Version is { } version)
        {
            _version = version;
        }

        var secrets = Schema?.Fields.Where(f => f.IsSecret && draft.TypedSecrets.Contains(f.Key)).ToList() ?? [];
        _restoredSecretLabels = secrets.Select(f => f.Label).ToList();
        _retype.UnionWith(secrets.Select(f => f.Key));
    }

    private static string RetypeNote(string label) => $"Type the {label} again: {DialogDrafts.SecretsNeverKept.ToLowerInvariant()}";

    private void OnFieldChanged(string key, string? value)
    {
        _input.Values[key] = value;
        if (!string.IsNullOrEmpty(value))
        {
            _retype.Remove(key);
        }
    }

    private async Task LoadAsync()
    {
        if (CredentialId is not { } id)
        {
            return;
        }

        var details = await Credentials.GetAsync(Actor, id);
        if (details is null)
        {
            _loadError = "This credential no longer exists. Close this dialog to see the current list.";
            return;
        }

        // Only clear settings and the names of stored secret fields reach this component.
        _input = details.ToInput();
        _storedSecrets = details.StoredSecretFields;
        _version = details.Version;
        _originalName = details.Name;
        _stored = details.Stored;
        var summary = await Credentials.GetSummaryAsync(Actor, id);
        _lastStatus = summary is null ? null : (summary.Status, summary.StatusMessage, summary.StatusDetail);
    }

    private void OnProviderChanged(string? providerId)
    {
        _input.ProviderId = providerId ?? "";
        _input.Values = [];
        _serverErrors = new Dictionary<string, string[]>();
    }

    private string? ServerError(string property) => _serverErrors.TryGetValue(property, out var messages) ? messages[0] : null;

    private void Cancel() => MudDialog.Cancel();

    /// <summary>Closed by Escape or by the caller: a verification still running must not close it again.</summary>
    public void Dispose() => _closed = true;

    /// <summary>Closes the dialog while the provider answers; the caller's verification goes on.</summary>
    private void ContinueInBackground()
    {
        _closed = true;
        MudDialog.Cancel();
    }

    protected override bool IsOpen => !_closed;

    protected override void ClearProblems()
    {
        _serverErrors = new Dictionary<string, string[]>();
        _problem = null;
        _problemDetail = null;
    }

    private Task SubmitAsync() => SubmitFormAsync(async () =>
    {
        if (Schema is not { } schema)
        {
            return;
        }

        try
        {
            if (IsEdit)
            {
                await SaveAsync(schema);
            }
            else
            {
                await CreateAsync(schema);
            }
        }
        finally
        {
            _progress = null;
            _verifyingInBackground = false;
        }
    });

    private async Task CreateAsync(ProviderSchema schema)
    {
        _progress = "Saving…";
        var created = await Changes.CreateAsync(Actor, _input);
        if (!created.Succeeded)
        {
            ShowError(created.Error);
            return;
        }

        // Stored: from here a reload must not reopen this dialog and create the credential twice.
        _draftWriter = null;
        await Drafts.ClearAsync(DraftKey);

        _progress = $"Verifying with {schema.DisplayName}…";
        _verifyingInBackground = true;
        // Escape now closes the dialog and leaves the verification running, as the button does.
        await MudDialog.LockAsync(false);
        StateHasChanged();
        var verified = await Verify(created.Value);
        if (!_closed)
        {
            _closed = true;
            MudDialog.Close(verified.Succeeded ? DialogResult.Ok(verified.Value) : DialogResult.Ok(verified.Error.Message));
        }
    }

    private async Task SaveAsync(ProviderSchema schema)
    {
        // The same rules the server applies: a refusal shows at its field before any call.
        if (_stored is null)
        {
            return;
        }

        var edit = new CredentialEdit(schema, _stored, _input);
        if (edit.Refusal() is { } refusal)
        {
            ShowError(refusal);
            return;
        }

        _progress = edit.ChangesAuthentication ? $"Verifying with {schema.DisplayName}…" : "Saving…";
        var saved = await Editor.UpdateAsync(Actor, CredentialId!.Value, _input, _version);
        if (!saved.Succeeded)
        {
            ShowError(saved.Error);
            return;
        }

        _draftWriter = null;
        MudDialog.Close(DialogResult.Ok(saved.Value));
    }

    private void ShowError(OperationError error)
    {
        _serverErrors = error.FieldErrors;
        if (error.FieldErrors.Count == 0)
        {
            _problem = error.Message;
            _problemDetail = error.Verification?.Detail;
        }
    }
}
