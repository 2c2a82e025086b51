using AgentHub.Core.AgentKeys;

namespace AgentHub.Web.Components.Pages.AgentHub.AgentKeys;

/// <summary>The Create agent key dialog. Closes with the new key's <see cref="AgentKeySummary"/>; the key itself stays here.</summary>
public partial class AgentKeyDialog
{
    private readonly AgentKeyInput _input = new();
    private readonly List<ModelChoice> _chosen = [];
    private MudAutocomplete<ModelChoice>? _modelPicker;
    private ModelChoice? _pick;
    private IReadOnlyDictionary<string, string[]> _serverErrors = new Dictionary<string, string[]>();
    private CreatedAgentKey? _created;
    private string? _problem;
    private bool _copied;

    [Inject]
    private AgentKeyService Keys { get; set; } = null!;

    [Inject]
    private ModelReader Models { get; set; } = null!;

    [Inject]
    private AgentKeyInputValidator Validator { get; set; } = null!;

    [Inject]
    private IJSRuntime Js { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    /// <summary>The picker's choices: the aliases containing the typed text, read in the database, not yet chosen.</summary>
    private async Task<IEnumerable<ModelChoice>> FindModelsAsync(string? text, CancellationToken cancellationToken)
    {
        var found = await Models.FindAliasesAsync(Actor, text, ModelReader.MaxChoices, cancellationToken);
        return found.Where(m => !_input.ModelIds.Contains(m.Id));
    }

    private async Task AddModelAsync(ModelChoice? model)
    {
        if (model is not null && !_input.ModelIds.Contains(model.Id))
        {
            _chosen.Add(model);
            _input.ModelIds = _chosen.Select(m => m.Id).ToList();
        }

        // The box empties for the next one.
        _pick = null;
        if (_modelPicker is not null)
        {
            await _modelPicker.ClearAsync();
        }
    }

    private void RemoveModel(ModelChoice model)
    {
        _chosen.Remove(model);
        _input.ModelIds = _chosen.Select(m => m.Id).ToList();
    }

    private string? ServerError(string property) => _serverErrors.TryGetValue(property, out var messages) ? messages[0] : null;

    protected override void ClearProblems()
    {
        _serverErrors = new Dictionary<string, string[]>();
        _problem = null;
    }

    private Task SubmitAsync() => _created is not null ? Task.CompletedTask : SubmitFormAsync(async () =>
    {
        var result = await Keys.CreateAsync(Actor, _input);
        if (result.Succeeded)
        {
            _created = result.Value;
            return;
        }

        _serverErrors = result.Error.FieldErrors;
        _problem = result.Error.FieldErrors.Count == 0 ? result.Error.Message : null;
    });

    private async Task CopyAsync()
    {
        try
        {
            await Js.InvokeVoidAsync("navigator.clipboard.writeText", _created!.Key);
            _copied = true;
        }
        catch (JSException)
        {
            // A browser that refuses clipboard access: the field stays there to select by hand.
            _copied = false;
        }
    }
}
