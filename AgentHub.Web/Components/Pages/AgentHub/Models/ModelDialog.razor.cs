namespace AgentHub.Web.Components.Pages.AgentHub.Models;

/// <summary>The connect / edit model dialog. Closes with the stored <see cref="ModelSummary"/>.</summary>
public partial class ModelDialog
{
    private ModelInput _input = new();
    private IReadOnlyList<CredentialChoice> _choices = [];
    private ModelSuggestions? _suggestions;
    private IReadOnlyDictionary<string, string[]> _serverErrors = new Dictionary<string, string[]>();
    private Guid _version;
    private string _providerName = "";
    private string? _problem;
    private bool _loaded;
    private bool _gone;
    private int _suggestionRequest;
    private DialogDrafts? _drafts;
    private DraftWriter? _draftWriter;

    /// <summary>The model to edit; null to connect a new one.</summary>
    [Parameter]
    public Guid? ModelId { get; set; }

    /// <summary>What the admin had typed before the page reloaded; null for a fresh dialog.</summary>
    [Parameter]
    public ModelDraft? Draft { get; set; }

    [Inject]
    private IJSRuntime JS { get; set; } = null!;

    [Inject]
    private ModelReader Models { get; set; } = null!;

    [Inject]
    private ModelProviderCalls ProviderCalls { get; set; } = null!;

    [Inject]
    private ModelChanges Changes { get; set; } = null!;

    [Inject]
    private CredentialReader Credentials { get; set; } = null!;

    [Inject]
    private ModelInputValidator Validator { get; set; } = null!;

    private bool IsEdit => ModelId is not null;

    private string ModelHelper => _suggestions switch
    {
        null => "Choose a credential to see its provider's models, or type an ID.",
        { Problem: { } problem } => $"The provider's model list could not be read ({problem}) You can still type an ID.",
        { Models.Count: var n } => $"{n} models offered by the provider for this credential; private deployments can be typed.",
    };

    /// <summary>A typed ID the provider does not list: allowed (private deployments), with a warning.</summary>
    private string? Warning =>
        _suggestions is { Problem: null, Models.Count: > 0 } suggestions && !string.IsNullOrWhiteSpace(_input.ModelId)
        && !suggestions.Models.Contains(_input.ModelId.Trim(), StringComparer.Ordinal)
            ? $"'{_input.ModelId.Trim()}' is not in the provider's model list for this credential. It can still be connected if it is a private deployment."
            : null;

    private DialogDrafts Drafts => _drafts ??= new DialogDrafts(JS);

    private string DraftKey => DialogDrafts.KeyFor(Actor, ModelDraft.Tab);

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        var initialDraft = DraftJson();
        if (Draft is not null && !_gone)
        {
            Draft.ApplyTo(_input);
            if (IsEdit && Draft.Version is { } version)
            {
                _version = version;
            }

            if (_choices.Any(c => c.Id == _input.CredentialId && c.Status == CredentialStatus.Verified))
            {
                await LoadSuggestionsAsync();
            }
        }

        _draftWriter = _gone ? null : new DraftWriter(Drafts, DraftKey, initialDraft, restored: Draft is not null);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Written after each render, so every change the admin makes is in the draft.
        if (_draftWriter is not null && RendererInfo.IsInteractive)
        {
            await _draftWriter.WriteIfChangedAsync(DraftJson());
        }
    }

    private string DraftJson() => DialogDrafts.Serialize(ModelDraft.Of(_input, ModelId, IsEdit ? _version : null));

    private async Task LoadAsync()
    {
        var all = await Credentials.ListChoicesAsync(Actor);
        if (ModelId is not { } id)
        {
            _choices = all;
        }
        else if (await Models.GetAsync(Actor, id) is not { } details)
        {
            _problem = "This model no longer exists. Close this dialog to see the current list.";
            _gone = true;
        }
        else
        {
            _input = details.Input;
            _version = details.Version;
            _choices = all.Where(c => c.ProviderId == details.ProviderId).ToList();
            _providerName = _choices.FirstOrDefault()?.ProviderName ?? details.ProviderId;
            if (Draft is null && _choices.Any(c => c.Id == _input.CredentialId && c.Status == CredentialStatus.Verified))
            {
                await LoadSuggestionsAsync();
            }
        }

        _loaded = true;
    }

    private async Task OnCredentialChangedAsync(Guid? credentialId)
    {
        _input.CredentialId = credentialId;
        _suggestions = null;
        await LoadSuggestionsAsync();
    }

    private async Task LoadSuggestionsAsync()
    {
        if (_input.CredentialId is not { } credentialId)
        {
            return;
        }

        // A slower answer for a credential chosen earlier must not replace the current one's.
        var request = ++_suggestionRequest;
        var suggestions = await ProviderCalls.SuggestAsync(Actor, credentialId);
        if (request == _suggestionRequest)
        {
            _suggestions = suggestions;
        }
    }

    private void OnModelChanged(string? value) => _input.ModelId = value ?? "";

    private Task<IEnumerable<string>> SearchAsync(string? text, CancellationToken cancellationToken)
    {
        var models = _suggestions?.Models ?? [];
        return Task.FromResult(string.IsNullOrWhiteSpace(text)
            ? models.AsEnumerable()
            : models.Where(m => m.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)));
    }

    private string? ServerError(string property) => _serverErrors.TryGetValue(property, out var messages) ? messages[0] : null;

    protected override void ClearProblems()
    {
        _serverErrors = new Dictionary<string, string[]>();
        _problem = null;
    }

    private Task SubmitAsync() => SubmitFormAsync(async () =>
    {
        var result = IsEdit
            ? await Changes.UpdateAsync(Actor, ModelId!.Value, _input, _version)
            : await Changes.ConnectAsync(Actor, _input);
        if (result.Succeeded)
        {
            _draftWriter = null;
            MudDialog.Close(DialogResult.Ok(result.Value));
            return;
        }

        _serverErrors = result.Error.FieldErrors;
        _problem = result.Error.FieldErrors.Count == 0 ? result.Error.Message : null;
    });
}
