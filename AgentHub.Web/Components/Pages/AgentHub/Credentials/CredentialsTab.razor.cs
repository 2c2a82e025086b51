using System.Globalization;
using AgentHub.Core.Credentials;
using AgentHub.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AgentHub.Web.Components.Pages.AgentHub.Credentials;

/// <summary>Lists the team's credentials and runs create, edit, re-verify and delete through <see cref="CredentialService"/>.</summary>
public partial class CredentialsTab
{
    private readonly HashSet<Guid> _verifying = [];
    private List<CredentialSummary> _credentials = [];
    private CredentialQuota? _quota;
    private string? _search;
    private bool _loaded;

    [Inject]
    private CredentialService Credentials { get; set; } = null!;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    private IEnumerable<CredentialSummary> Visible => string.IsNullOrWhiteSpace(_search)
        ? _credentials
        : _credentials.Where(c =>
            c.Name.Contains(_search, StringComparison.OrdinalIgnoreCase)
            || (c.Description?.Contains(_search, StringComparison.OrdinalIgnoreCase) ?? false)
            || c.ProviderName.Contains(_search, StringComparison.OrdinalIgnoreCase)
            || c.ProviderId.Contains(_search, StringComparison.OrdinalIgnoreCase));

    protected override async Task OnInitializedAsync()
    {
        await LoadMemberAsync();
        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        var list = await Credentials.ListAsync(Actor);
        // A row being re-verified by this page keeps showing Verifying until its answer arrives.
        _credentials = list.Select(c => _verifying.Contains(c.Id) ? c with { Status = CredentialStatus.Verifying } : c).ToList();
        _quota = await Credentials.GetQuotaAsync(Actor);
        _loaded = true;
    }

    private async Task CreateAsync()
    {
        var parameters = new DialogParameters<CredentialDialog> { { d => d.Actor, Actor } };
        var dialog = await Dialogs.ShowAsync<CredentialDialog>("Create credential", parameters, DialogPresets.Form);
        var result = await dialog.Result;
        await ReloadAsync();
        if (result is { Canceled: false, Data: CredentialSummary created })
        {
            Announce(created, created.Status == CredentialStatus.Verified ? "created and verified" : null);
        }
        else if (result is { Canceled: false, Data: string problem })
        {
            Snackbar.Add(problem, Severity.Warning);
        }
    }

    private async Task EditAsync(CredentialSummary credential)
    {
        var parameters = new DialogParameters<CredentialDialog> { { d => d.Actor, Actor }, { d => d.CredentialId, credential.Id } };
        var dialog = await Dialogs.ShowAsync<CredentialDialog>($"Edit {credential.Name}", parameters, DialogPresets.Form);
        var result = await dialog.Result;
        await ReloadAsync();
        if (result is { Canceled: false, Data: CredentialSummary saved })
        {
            Snackbar.Add($"Saved '{saved.Name}'.", Severity.Success);
        }
    }

    private async Task ReverifyAsync(CredentialSummary credential)
    {
        _verifying.Add(credential.Id);
        _credentials = _credentials.Select(c => c.Id == credential.Id ? c with { Status = CredentialStatus.Verifying } : c).ToList();
        StateHasChanged();
        try
        {
            var result = await Credentials.VerifyAsync(Actor, credential.Id);
            _verifying.Remove(credential.Id);
            await ReloadAsync();
            if (result.Succeeded)
            {
                Announce(result.Value!, null);
            }
            else
            {
                Snackbar.Add(result.Error!.Message, Severity.Warning);
            }
        }
        finally
        {
            _verifying.Remove(credential.Id);
        }
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

        var result = await Credentials.DeleteAsync(Actor, credential.Id);
        await ReloadAsync();
        Snackbar.Add(
            result.Succeeded ? $"Deleted '{credential.Name}'." + (result.Value > 0 ? $" {result.Value} models are now invalid." : "") : result.Error!.Message,
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
            Snackbar.Add($"'{credential.Name}' is {StatusChip.LabelOf(credential.Status)}: {credential.StatusMessage}", Severity.Error);
        }
    }

    private static string When(DateTime? utc) =>
        utc is { } value ? value.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "—";
}
