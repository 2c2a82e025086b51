using AgentHub.Core.AgentKeys;
using AgentHub.Core.Models;
using AgentHub.Core.Teams;
using AgentHub.Web.Components.Shared;
using FluentValidation;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace AgentHub.Web.Components.Pages.AgentHub.AgentKeys;

/// <summary>The Create agent key dialog. Closes with the new key's <see cref="AgentKeySummary"/>; the key itself stays here.</summary>
public partial class AgentKeyDialog
{
    private MudForm? _form;
    private readonly AgentKeyInput _input = new();
    private IReadOnlyList<ModelSummary> _models = [];
    private IReadOnlyDictionary<string, string[]> _serverErrors = new Dictionary<string, string[]>();
    private CreatedAgentKey? _created;
    private string? _problem;
    private bool _busy;
    private bool _copied;

    [CascadingParameter]
    public IMudDialogInstance MudDialog { get; set; } = null!;

    [Parameter, EditorRequired]
    public Actor Actor { get; set; } = null!;

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

    protected override async Task OnInitializedAsync() =>
        _models = (await Models.ListAsync(Actor)).OrderBy(m => m.Alias, StringComparer.OrdinalIgnoreCase).ToList();

    private void OnModelsChanged(IEnumerable<Guid>? ids) => _input.ModelIds = ids?.ToList() ?? [];

    private IEnumerable<string> Rule(string property, AgentKeyInput probe) =>
        Validator.Validate(ValidationContext<AgentKeyInput>.CreateWithOptions(probe, o => o.IncludeProperties(property))).Errors.Select(e => e.ErrorMessage);

    private string? ServerError(string property) => _serverErrors.TryGetValue(property, out var messages) ? messages[0] : null;

    private async Task SubmitAsync()
    {
        if (_busy || _form is null || _created is not null)
        {
            return;
        }

        _busy = true;
        await MudDialog.LockAsync(true);
        try
        {
            _serverErrors = new Dictionary<string, string[]>();
            _problem = null;
            await _form.ValidateAsync();
            if (!_form.IsValid)
            {
                return;
            }

            var result = await Keys.CreateAsync(Actor, _input);
            if (result.Succeeded)
            {
                _created = result.Value;
                return;
            }

            _serverErrors = result.Error.FieldErrors;
            _problem = result.Error.FieldErrors.Count == 0 ? result.Error.Message : null;
        }
        finally
        {
            _busy = false;
            await MudDialog.LockAsync(false);
        }
    }

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
