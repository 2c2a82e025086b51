using AgentHub.Core;
using AgentHub.Core.Credentials;
using AgentHub.Core.Lists;
using AgentHub.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace AgentHub.Web.Components.Pages.AgentHub.Credentials;

/// <summary>Lists the team's credentials and runs create, edit, re-verify and delete through <see cref="CredentialReader"/>, <see cref="CredentialVerification"/> and <see cref="CredentialChanges"/>.</summary>
public partial class CredentialsTab
{
    private readonly HashSet<Guid> _verifying = [];
    private CredentialQuota? _quota;
    private int _attention;

    [Inject]
    private CredentialReader Credentials { get; set; } = null!;

    [Inject]
    private CredentialVerification Verification { get; set; } = null!;

    [Inject]
    private CredentialChanges Changes { get; set; } = null!;

    [Inject]
    private TimeProvider Time { get; set; } = null!;

    private DateTime Now => Time.GetUtcNow().UtcDateTime;

    private bool NeedsAttentionOnly => Filter == CredentialFilter.NeedsAttention;

    protected override string DraftTab => CredentialDraft.Tab;

    protected override string DefaultSort => CredentialSort.Name;

    protected override Task<ListPage<CredentialSummary>> QueryAsync(ListQuery query, CancellationToken cancellationToken) =>
        Credentials.ListPageAsync(Actor, query, cancellationToken);

    /// <summary>The team's total is the quota's count: one query for the counter and the empty state (and one for the Needs attention count).</summary>
    protected override async Task<int> CountAsync()
    {
        _quota = await Credentials.GetQuotaAsync(Actor);
        _attention = await Credentials.CountNeedingAttentionAsync(Actor);
        return _quota.Count;
    }

    /// <summary>Shows only the credentials that need attention, or all of them again.</summary>
    private Task ToggleNeedsAttentionAsync() => FilterChangedAsync(NeedsAttentionOnly ? null : CredentialFilter.NeedsAttention);

    protected override Guid IdOf(CredentialSummary row) => row.Id;

    /// <summary>A row being verified by this page keeps showing Verifying until its answer arrives.</summary>
    protected override CredentialSummary Shown(CredentialSummary row) =>
        _verifying.Contains(row.Id) ? row with { Status = CredentialStatus.Verifying } : row;

    protected override async Task<bool> ReopenAsync(CredentialDraft draft)
    {
        if (draft.CredentialId is not { } id)
        {
            await CreateAsync(draft);
        }
        else if (await Credentials.GetSummaryAsync(Actor, id) is { } credential)
        {
            await EditAsync(credential, draft);
        }
        else
        {
            return false;
        }

        return true;
    }

    protected override string GoneMessage(CredentialDraft draft) =>
        $"The credential you were editing ('{draft.Name}') no longer exists, so your changes could not be reopened.";

    private Task CreateAsync() => CreateAsync(null);

    private async Task CreateAsync(CredentialDraft? draft)
    {
        var parameters = new DialogParameters<CredentialDialog>
        {
            { d => d.Actor, Actor },
            { d => d.Verify, c => VerifyAsync(c, "created and verified") },
            { d => d.Draft, draft },
        };
        var result = await Dialog.ShowAsync<CredentialDialog>("Create credential", parameters, DialogPresets.Form, reopening: draft is not null);
        if (result is null)
        {
            // Another of the tab's dialogs is open.
            return;
        }

        // The verification reports its own outcome, whether the dialog waited for it or not; it
        // already listed the new row, so a Cancel (or a create) reloads nothing here.
        await Drafts.ClearAsync(DraftKey);
        if (result is { Canceled: false, Data: CredentialSummary created } && Find(created.Id) is null && !_verifying.Contains(created.Id))
        {
            await ReloadAsync();
        }
    }

    private Task EditAsync(CredentialSummary credential) => EditAsync(credential, null);

    private async Task EditAsync(CredentialSummary credential, CredentialDraft? draft)
    {
        var parameters = new DialogParameters<CredentialDialog>
        {
            { d => d.Actor, Actor },
            { d => d.CredentialId, credential.Id },
            { d => d.Verify, c => VerifyAsync(c, null) },
            { d => d.Draft, draft },
        };
        var result = await Dialog.ShowAsync<CredentialDialog>($"Edit {credential.Name}", parameters, DialogPresets.Form, reopening: draft is not null);
        if (result is null)
        {
            // Another of the tab's dialogs is open.
            return;
        }

        await Drafts.ClearAsync(DraftKey);
        if (result is { Canceled: false, Data: CredentialSummary saved })
        {
            // Only the edited row is redrawn (a verification of a new key patches it again when it answers).
            Patch(saved);
            Snackbar.Add($"Saved '{saved.Name}'.", Severity.Success);
        }
    }

    private async Task ReverifyAsync(CredentialSummary credential) => await VerifyAsync(credential, null);

    /// <summary>
    /// Verifies in a task owned by the tab, not by a dialog: the row shows Verifying meanwhile, other
    /// rows stay usable, and the outcome lands on the row and in a snackbar.
    /// </summary>
    private async Task<OperationResult<CredentialSummary>> VerifyAsync(CredentialSummary credential, string? verb)
    {
        _verifying.Add(credential.Id);
        if (Find(credential.Id) is null)
        {
            // A just-created credential joins the list (and the counter) behind its dialog, as Verifying.
            await ReloadAsync();
        }
        else
        {
            Patch(credential);
        }

        StateHasChanged();
        OperationResult<CredentialSummary> result;
        try
        {
            result = await Verification.VerifyAsync(Actor, credential.Id);
        }
        finally
        {
            _verifying.Remove(credential.Id);
        }

        // The answer lands on its row in place; a row edited or deleted meanwhile is read again.
        _attention = await Credentials.CountNeedingAttentionAsync(Actor);
        if (result.Succeeded)
        {
            Patch(result.Value);
        }
        else if (await Credentials.GetSummaryAsync(Actor, credential.Id) is { } current)
        {
            Patch(current);
        }
        else
        {
            await ReloadAsync();
        }

        StateHasChanged();
        if (result.Succeeded)
        {
            Announce(result.Value, result.Value.Status == CredentialStatus.Verified ? verb : null);
        }
        else
        {
            // Edited or deleted elsewhere while the provider answered, or an answer that says nothing about the
            // key (the row stays as it was): said rather than a stale status.
            Snackbar.Add(result.Error.Message, Severity.Warning);
        }

        return result;
    }

    private async Task DeleteAsync(CredentialSummary credential)
    {
        var models = await Credentials.ListModelsUsingAsync(Actor, credential.Id);
        var message = models.Count switch
        {
            0 => "No model uses this credential. It is deleted for good; its key cannot be recovered.",
            1 => "1 model uses this credential and will become invalid:",
            _ => $"{models.Count} models use this credential and will become invalid:",
        };
        var parameters = new DialogParameters<ConfirmDialog>
        {
            { d => d.Title, $"Delete credential '{credential.Name}'?" },
            { d => d.Message, message },
            { d => d.Items, models },
            { d => d.ItemsLabel, "Models that will become invalid" },
            { d => d.ConfirmText, "Delete" },
        };
        if (await Dialog.ShowAsync<ConfirmDialog>($"Delete credential '{credential.Name}'?", parameters, DialogPresets.Small) is not { Canceled: false })
        {
            return;
        }

        var result = await Changes.DeleteAsync(Actor, credential.Id);
        await ReloadAsync();
        Snackbar.Add(
            result.Succeeded ? $"Deleted '{credential.Name}'." + (result.Value > 0 ? $" {result.Value} models are now invalid." : "") : result.Error.Message,
            result.Succeeded ? Severity.Success : Severity.Warning);
    }

    private void Announce(CredentialSummary credential, string? verb)
    {
        if (credential.Status == CredentialStatus.Verified)
        {
            Snackbar.Add($"'{credential.Name}' is {verb ?? "verified"} with {credential.ProviderName}.", Severity.Success);
        }
        else
        {
            Snackbar.Add($"'{credential.Name}' is {credential.Status.Label()}: {credential.StatusMessage}", Severity.Error);
        }
    }

    private static string When(DateTime? utc) => utc is { } value ? CheckTimes.Exact(value) : "—";
}
