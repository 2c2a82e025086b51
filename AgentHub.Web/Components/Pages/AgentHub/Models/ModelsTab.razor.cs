using AgentHub.Core.Models;
using AgentHub.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace AgentHub.Web.Components.Pages.AgentHub.Models;

/// <summary>Lists the team's models and runs connect, edit, test and delete through <see cref="ModelReader"/> and <see cref="ModelChanges"/>.</summary>
public partial class ModelsTab
{
    private List<ModelSummary> _models = [];
    private string? _search;
    private bool _loaded;
    private bool _draftChecked;
    private DialogDrafts? _drafts;

    [Inject]
    private ModelReader Models { get; set; } = null!;

    [Inject]
    private ModelChanges Changes { get; set; } = null!;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    private IJSRuntime JS { get; set; } = null!;

    private DialogDrafts Drafts => _drafts ??= new DialogDrafts(JS);

    private string DraftKey => DialogDrafts.KeyFor(Actor, ModelDraft.Tab);

    private IEnumerable<ModelSummary> Visible => string.IsNullOrWhiteSpace(_search)
        ? _models
        : _models.Where(m =>
            m.ModelId.Contains(_search, StringComparison.OrdinalIgnoreCase)
            || m.Alias.Contains(_search, StringComparison.OrdinalIgnoreCase)
            || m.ProviderName.Contains(_search, StringComparison.OrdinalIgnoreCase)
            || (m.CredentialName?.Contains(_search, StringComparison.OrdinalIgnoreCase) ?? false));

    protected override async Task OnInitializedAsync()
    {
        await LoadMemberAsync();
        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        _models = (await Models.ListAsync(Actor)).ToList();
        _loaded = true;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // A dialog that was open when the page reloaded (or the app restarted) opens again with what was typed.
        if (_draftChecked || !_loaded || !CanChange)
        {
            return;
        }

        _draftChecked = true;
        if (await Drafts.LoadAsync<ModelDraft>(DraftKey) is not { } draft)
        {
            return;
        }

        if (draft.ModelConnectionId is not { } id)
        {
            await ConnectAsync(draft);
        }
        else if (_models.FirstOrDefault(m => m.Id == id) is { } model)
        {
            await EditAsync(model, draft);
        }
        else
        {
            await Drafts.ClearAsync(DraftKey);
            Snackbar.Add($"The model you were editing ('{draft.ModelId}') no longer exists, so your changes could not be reopened.", Severity.Warning);
        }

        StateHasChanged();
    }

    private Task ConnectAsync() => ConnectAsync(null);

    private async Task ConnectAsync(ModelDraft? draft)
    {
        var parameters = new DialogParameters<ModelDialog> { { d => d.Actor, Actor }, { d => d.Draft, draft } };
        var dialog = await Dialogs.ShowAsync<ModelDialog>("Connect model", parameters, DialogPresets.Form);
        var result = await dialog.Result;
        await Drafts.ClearAsync(DraftKey);
        await ReloadAsync();
        if (result is { Canceled: false, Data: ModelSummary model })
        {
            Snackbar.Add($"Connected '{model.ModelId}' through '{model.CredentialName}'.", Severity.Success);
        }
    }

    private Task EditAsync(ModelSummary model) => EditAsync(model, null);

    private async Task EditAsync(ModelSummary model, ModelDraft? draft)
    {
        var parameters = new DialogParameters<ModelDialog> { { d => d.Actor, Actor }, { d => d.ModelId, model.Id }, { d => d.Draft, draft } };
        var dialog = await Dialogs.ShowAsync<ModelDialog>($"Edit {model.ModelId}", parameters, DialogPresets.Form);
        var result = await dialog.Result;
        await Drafts.ClearAsync(DraftKey);
        await ReloadAsync();
        if (result is { Canceled: false, Data: ModelSummary saved })
        {
            Snackbar.Add($"Saved '{saved.ModelId}'.", Severity.Success);
        }
    }

    private async Task TestAsync(ModelSummary model)
    {
        var parameters = new DialogParameters<ModelTestDialog>
        {
            { d => d.Actor, Actor },
            { d => d.ModelConnectionId, model.Id },
            { d => d.ModelName, model.ModelId },
        };
        var dialog = await Dialogs.ShowAsync<ModelTestDialog>($"Test {model.ModelId}", parameters, DialogPresets.Small);
        await dialog.Result;
    }

    private async Task DeleteAsync(ModelSummary model)
    {
        var parameters = new DialogParameters<ConfirmDialog>
        {
            { d => d.Title, $"Delete model '{model.ModelId}'?" },
            { d => d.Message, $"Agents will no longer reach '{model.ModelId}' through '{model.CredentialName ?? "its credential"}'. The credential itself is kept." },
            { d => d.ConfirmText, "Delete" },
        };
        var dialog = await Dialogs.ShowAsync<ConfirmDialog>($"Delete model '{model.ModelId}'?", parameters, DialogPresets.Small);
        if (await dialog.Result is not { Canceled: false })
        {
            return;
        }

        var result = await Changes.DeleteAsync(Actor, model.Id);
        await ReloadAsync();
        Snackbar.Add(result.Succeeded ? $"Deleted '{model.ModelId}'." : result.Error!.Message, result.Succeeded ? Severity.Success : Severity.Warning);
    }
}
