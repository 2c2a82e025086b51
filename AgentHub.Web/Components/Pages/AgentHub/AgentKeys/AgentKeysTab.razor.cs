using System.Globalization;
using AgentHub.Core.AgentKeys;
using AgentHub.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AgentHub.Web.Components.Pages.AgentHub.AgentKeys;

/// <summary>Lists the team's agent keys and runs create and revoke through <see cref="AgentKeyService"/>.</summary>
public partial class AgentKeysTab
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private List<AgentKeySummary> _keys = [];
    private bool _loaded;

    [Inject]
    private AgentKeyService Keys { get; set; } = null!;

    protected override async Task ReloadAsync()
    {
        _keys = (await Keys.ListAsync(Actor)).ToList();
        _loaded = true;
    }

    private static string Day(DateTime at) => at.ToString("yyyy-MM-dd", Invariant);

    private static string ModelsOf(AgentKeySummary key) =>
        key.AllModels ? "All models" : key.Models.Count == 0 ? "None (its models were deleted)" : string.Join(", ", key.Models);

    private async Task CreateAsync()
    {
        var dialog = await Dialogs.ShowAsync<AgentKeyDialog>("Create agent key", new DialogParameters<AgentKeyDialog> { { d => d.Actor, Actor } }, DialogPresets.Form);
        var result = await dialog.Result;
        await ReloadAsync();
        if (result is { Canceled: false, Data: AgentKeySummary created })
        {
            Snackbar.Add($"Created agent key '{created.Name}'.", Severity.Success);
        }
    }

    private async Task RevokeAsync(AgentKeySummary key)
    {
        var parameters = new DialogParameters<ConfirmDialog>
        {
            { d => d.Title, $"Revoke agent key '{key.Name}'?" },
            { d => d.Message, $"Agents using '{key.Prefix}…' are refused from their next call. This cannot be undone: create a new key to restore access." },
            { d => d.ConfirmText, "Revoke" },
        };
        var dialog = await Dialogs.ShowAsync<ConfirmDialog>($"Revoke agent key '{key.Name}'?", parameters, DialogPresets.Small);
        if (await dialog.Result is not { Canceled: false })
        {
            return;
        }

        var result = await Keys.RevokeAsync(Actor, key.Id);
        await ReloadAsync();
        Snackbar.Add(result.Succeeded ? $"Revoked '{key.Name}'." : result.Error.Message, result.Succeeded ? Severity.Success : Severity.Warning);
    }
}
