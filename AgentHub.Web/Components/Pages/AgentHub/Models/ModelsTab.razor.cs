using AgentHub.Core.Models;
using AgentHub.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AgentHub.Web.Components.Pages.AgentHub.Models;

/// <summary>Lists the team's models and runs connect, edit, test and delete through <see cref="ModelService"/>.</summary>
public partial class ModelsTab
{
    private List<ModelSummary> _models = [];
    private string? _search;
    private bool _loaded;

    [Inject]
    private ModelService Models { get; set; } = null!;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

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

    private async Task ConnectAsync()
    {
        var dialog = await Dialogs.ShowAsync<ModelDialog>("Connect model", new DialogParameters<ModelDialog> { { d => d.Actor, Actor } }, DialogPresets.Form);
        var result = await dialog.Result;
        await ReloadAsync();
        if (result is { Canceled: false, Data: ModelSummary model })
        {
            Snackbar.Add($"Connected '{model.ModelId}' through '{model.CredentialName}'.", Severity.Success);
        }
    }

    private async Task EditAsync(ModelSummary model)
    {
        var parameters = new DialogParameters<ModelDialog> { { d => d.Actor, Actor }, { d => d.ModelId, model.Id } };
        var dialog = await Dialogs.ShowAsync<ModelDialog>($"Edit {model.ModelId}", parameters, DialogPresets.Form);
        var result = await dialog.Result;
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

        var result = await Models.DeleteAsync(Actor, model.Id);
        await ReloadAsync();
        Snackbar.Add(result.Succeeded ? $"Deleted '{model.ModelId}'." : result.Error!.Message, result.Succeeded ? Severity.Success : Severity.Warning);
    }
}
