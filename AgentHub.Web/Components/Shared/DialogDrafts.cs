using System.Text.Json;

namespace AgentHub.Web.Components.Shared;

/// <summary>
/// The draft of an open dialog, kept in the browser tab's sessionStorage (wwwroot/js/dialog-drafts.js)
/// so a reload, a lost connection or a restart of the app does not silently drop what an admin typed.
/// Callers put only non-secret values in a draft: secret fields are named, never kept.
/// </summary>
/// <param name="js">The circuit's JS runtime.</param>
public sealed class DialogDrafts(IJSRuntime js)
{
    /// <summary>The words shown when a restored draft had secrets typed in it.</summary>
    public const string SecretsNeverKept = "Secret fields are never kept in the browser.";

    /// <summary>One draft per user, team and tab: a tab has at most one dialog open.</summary>
    public static string KeyFor(Actor actor, string tab) => $"agenthub.draft.{actor.UserId}.{actor.TeamId:N}.{tab}";

    /// <summary>The text a draft is kept as; compare two of them to see whether anything changed.</summary>
    public static string Serialize<T>(T draft) => JsonSerializer.Serialize(draft);

    /// <summary>Writes a <see cref="Serialize"/>d draft (debounced in the browser); a page already gone keeps the last write.</summary>
    public async Task SaveAsync(string key, string json)
    {
        try
        {
            await js.InvokeVoidAsync("agentHubDrafts.save", key, json);
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone: the browser keeps the previous draft.
        }
    }

    /// <summary>The draft under <paramref name="key"/>, or null when there is none or it cannot be read.</summary>
    public async Task<T?> LoadAsync<T>(string key) where T : class
    {
        try
        {
            var json = await js.InvokeAsync<string?>("agentHubDrafts.load", key);
            return string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<T>(json);
        }
        catch (Exception e) when (e is JsonException or JSDisconnectedException or JSException)
        {
            return null;
        }
    }

    /// <summary>Forgets the draft: the dialog was saved, created or cancelled.</summary>
    public async Task ClearAsync(string key)
    {
        try
        {
            await js.InvokeVoidAsync("agentHubDrafts.clear", key);
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone; the next page clears it when its dialog closes.
        }
    }
}

/// <summary>
/// Writes one open dialog's draft when it changed: never twice the same, and nothing for a dialog
/// still as it opened (unless it was reopened from a draft, which must then be kept).
/// </summary>
public sealed class DraftWriter(DialogDrafts drafts, string key, string initial, bool restored)
{
    private string? _last;

    /// <summary>Saves <paramref name="json"/> (a <see cref="DialogDrafts.Serialize"/>d draft) unless nothing changed.</summary>
    public async Task WriteIfChangedAsync(string json)
    {
        if (json == _last || (_last is null && json == initial && !restored))
        {
            return;
        }

        _last = json;
        await drafts.SaveAsync(key, json);
    }
}
