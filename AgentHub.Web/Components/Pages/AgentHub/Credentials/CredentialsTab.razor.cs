using System.Globalization;
using AgentHub.Core;
using AgentHub.Core.Credentials;
using AgentHub.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace AgentHub.Web.Components.Pages.AgentHub.Credentials;

/// <summary>Lists the team's credentials and runs create, edit, re-verify and delete through <see cref="CredentialReader"/>, <see cref="CredentialVerification"/> and <see cref="CredentialChanges"/>.</summary>
public partial class CredentialsTab
{
    private readonly HashSet<Guid> _verifying = [];
    private List<CredentialSummary> _credentials = [];
    private CredentialQuota? _quota;
    private string? _search;
    private bool _loaded;
    private int _reloads;

    [Inject]
    private CredentialReader Credentials { get; set; } = null!;

    [Inject]
    private CredentialVerification Verification { get; set; } = null!;

    [Inject]
    private CredentialChanges Changes { get; set; } = null!;

    protected override string DraftTab => CredentialDraft.Tab;

    protected override bool Loaded => _loaded;

    private IEnumerable<CredentialSummary> Visible => string.IsNullOrWhiteSpace(_search)
        ? _credentials
        : _credentials.Where(c =>
            c.Name.Contains(_search, StringComparison.OrdinalIgnoreCase)
            || (c.Description?.Contains(_search, StringComparison.OrdinalIgnoreCase) ?? false)
            || c.ProviderName.Contains(_search, StringComparison.OrdinalIgnoreCase)
            || c.ProviderId.Contains(_search, StringComparison.OrdinalIgnoreCase));

    protected override async Task ReloadAsync()
    {
        // Reloads overlap while a verification runs in the background: the one started last read the freshest rows.
        var reload = ++_reloads;
        var list = await Credentials.ListAsync(Actor);
        var quota = await Credentials.GetQuotaAsync(Actor);
        if (reload != _reloads)
        {
            return;
        }

        // A row being verified by this page keeps showing Verifying until its answer arrives.
        _credentials = list.Select(c => _verifying.Contains(c.Id) ? c with { Status = CredentialStatus.Verifying } : c).ToList();
        _quota = quota;
        _loaded = true;
    }

    protected override async Task<bool> ReopenAsync(CredentialDraft draft)
    {
        if (draft.CredentialId is not { } id)
        {
            await CreateAsync(draft);
        }
        else if (_credentials.FirstOrDefault(c => c.Id == id) is { } credential)
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
        var dialog = await Dialogs.ShowAsync<CredentialDialog>("Create credential", parameters, DialogPresets.Form);
        // The verification reports its own outcome, whether the dialog waited for it or not.
        await dialog.Result;
        await Drafts.ClearAsync(DraftKey);
        await ReloadAsync();
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
        var dialog = await Dialogs.ShowAsync<CredentialDialog>($"Edit {credential.Name}", parameters, DialogPresets.Form);
        var result = await dialog.Result;
        await Drafts.ClearAsync(DraftKey);
        await ReloadAsync();
        if (result is { Canceled: false, Data: CredentialSummary saved })
        {
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
        _credentials = _credentials.Select(c => c.Id == credential.Id ? c with { Status = CredentialStatus.Verifying } : c).ToList();
        StateHasChanged();
        // A just-created credential joins the list behind its dialog, as Verifying.
        await ReloadAsync();
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

        await ReloadAsync();
        StateHasChanged();
        if (result.Succeeded)
        {
            Announce(result.Value, result.Value.Status == CredentialStatus.Verified ? verb : null);
        }
        else
        {
            // Edited or deleted elsewhere while the provider answered: said rather than a stale status.
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
        var dialog = await Dialogs.ShowAsync<ConfirmDialog>($"Delete credential '{credential.Name}'?", parameters, DialogPresets.Small);
        if (await dialog.Result is not { Canceled: false })
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

    private static string When(DateTime? utc) =>
        utc is { } value ? value.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "—";
}
