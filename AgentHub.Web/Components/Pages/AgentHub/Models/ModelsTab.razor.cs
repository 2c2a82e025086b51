using AgentHub.Core.Lists;
using AgentHub.Core.Models;
using AgentHub.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace AgentHub.Web.Components.Pages.AgentHub.Models;

/// <summary>Lists the team's models and runs connect, edit, test and delete through <see cref="ModelReader"/> and <see cref="ModelChanges"/>.</summary>
public partial class ModelsTab
{
    [Inject]
    private ModelReader Models { get; set; } = null!;

    [Inject]
    private ModelChanges Changes { get; set; } = null!;

    protected override string DraftTab => ModelDraft.Tab;

    protected override string DefaultSort => ModelSort.Model;

    protected override Task<ListPage<ModelSummary>> QueryAsync(ListQuery query, CancellationToken cancellationToken) =>
        Models.ListPageAsync(Actor, query, cancellationToken);

    protected override Task<int> CountAsync() => Models.CountAsync(Actor);

    protected override Guid IdOf(ModelSummary row) => row.Id;

    protected override async Task<bool> ReopenAsync(ModelDraft draft)
    {
        if (draft.ModelConnectionId is not { } id)
        {
            await ConnectAsync(draft);
        }
        else if (await Models.GetSummaryAsync(Actor, id) is { } model)
        {
            await EditAsync(model, draft);
        }
        else
        {
            return false;
        }

        return true;
    }

    protected override string GoneMessage(ModelDraft draft) =>
        $"The model you were editing ('{draft.ModelId}') no longer exists, so your changes could not be reopened.";

    private Task ConnectAsync() => ConnectAsync(null);

    private async Task ConnectAsync(ModelDraft? draft)
    {
        var parameters = new DialogParameters<ModelDialog> { { d => d.Actor, Actor }, { d => d.Draft, draft } };
        var result = await Dialog.ShowAsync<ModelDialog>("Connect model", parameters, DialogPresets.Form, reopening: draft is not null);
        if (result is null)
        {
            // Another of the tab's dialogs is open.
            return;
        }

        await Drafts.ClearAsync(DraftKey);
        if (result is { Canceled: false, Data: ModelSummary model })
        {
            // A new row: the current page and the team's total are read again; a Cancel reads nothing.
            await ReloadAsync();
            Snackbar.Add($"Connected '{model.ModelId}' through '{model.CredentialName}'.", Severity.Success);
        }
    }

    private Task EditAsync(ModelSummary model) => EditAsync(model, null);

    private async Task EditAsync(ModelSummary model, ModelDraft? draft)
    {
        var parameters = new DialogParameters<ModelDialog> { { d => d.Actor, Actor }, { d => d.ModelId, model.Id }, { d => d.Draft, draft } };
        var result = await Dialog.ShowAsync<ModelDialog>($"Edit {model.ModelId}", parameters, DialogPresets.Form, reopening: draft is not null);
        if (result is null)
        {
            // Another of the tab's dialogs is open.
            return;
        }

        await Drafts.ClearAsync(DraftKey);
        if (result is { Canceled: false, Data: ModelSummary saved })
        {
            // Only the edited row is redrawn; a Cancel reads nothing.
            Patch(saved);
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
        await Dialog.ShowAsync<ModelTestDialog>($"Test {model.ModelId}", parameters, DialogPresets.Small);
    }

    private async Task DeleteAsync(ModelSummary model)
    {
        var parameters = new DialogParameters<ConfirmDialog>
        {
            { d => d.Title, $"Delete model '{model.ModelId}'?" },
            { d => d.Message, $"Agents will no longer reach '{model.ModelId}' through '{model.CredentialName ?? "its credential"}'. The credential itself is kept." },
            { d => d.ConfirmText, "Delete" },
        };
        if (await Dialog.ShowAsync<ConfirmDialog>($"Delete model '{model.ModelId}'?", parameters, DialogPresets.Small) is not { Canceled: false })
        {
            return;
        }

        var result = await Changes.DeleteAsync(Actor, model.Id);
        await ReloadAsync();
        Snackbar.Add(result.Succeeded ? $"Deleted '{model.ModelId}'." : result.Error.Message, result.Succeeded ? Severity.Success : Severity.Warning);
    }
}
