using System.Globalization;
using AgentHub.Core.AgentKeys;
using AgentHub.Core.Lists;
using AgentHub.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AgentHub.Web.Components.Pages.AgentHub.AgentKeys;

/// <summary>Lists the team's agent keys a page at a time and runs create and revoke through <see cref="AgentKeyService"/>.</summary>
public partial class AgentKeysTab
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    [Inject]
    private AgentKeyService Keys { get; set; } = null!;

    protected override string DefaultSort => AgentKeySort.Name;

    protected override string DraftTab => "agent-keys";

    protected override Task<ListPage<AgentKeySummary>> QueryAsync(ListQuery query, CancellationToken cancellationToken) =>
        Keys.ListPageAsync(Actor, query, cancellationToken);

    protected override Task<int> CountAsync() => Keys.CountAsync(Actor);

    protected override Guid IdOf(AgentKeySummary row) => row.Id;

    // The create dialog keeps no draft: a half-typed key name is not worth restoring.
    protected override Task<bool> ReopenAsync(NoDraft draft) => Task.FromResult(false);

    protected override string GoneMessage(NoDraft draft) => "";

    private static string Day(DateTime at) => at.ToString("yyyy-MM-dd", Invariant);

    private static string ModelsOf(AgentKeySummary key) =>
        key.AllModels ? "All models" : key.Models.Count == 0 ? "None (its models were deleted)" : string.Join(", ", key.Models);

    private async Task CreateAsync()
    {
        var result = await Dialog.ShowAsync<AgentKeyDialog>("Create agent key", new DialogParameters<AgentKeyDialog> { { d => d.Actor, Actor } }, DialogPresets.Form);
        if (result is { Canceled: false, Data: AgentKeySummary created })
        {
            // A new row: the current page and the team's total are read again; a Cancel reads nothing.
            await ReloadAsync();
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
        if (await Dialog.ShowAsync<ConfirmDialog>($"Revoke agent key '{key.Name}'?", parameters, DialogPresets.Small) is not { Canceled: false })
        {
            return;
        }

        var result = await Keys.RevokeAsync(Actor, key.Id);
        await ReloadAsync();
        Snackbar.Add(result.Succeeded ? $"Revoked '{key.Name}'." : result.Error.Message, result.Succeeded ? Severity.Success : Severity.Warning);
    }
}
