using System.Text.Json;

namespace AgentHub.Core.Models;

/// <summary>A model as the lists show it: its status derived from its credential, and its parameters as values.</summary>
internal static class ModelViews
{
    /// <summary>A model's displayed status and why, from its stored state and its credential (loaded with it).</summary>
    public static (ModelStatus Status, string? Reason) StatusOf(ModelConnection m) => (m.State, m.Credential) switch
    {
        (ModelState.Invalid, _) => (ModelStatus.Invalid, m.InvalidReason),
        (_, null) => (ModelStatus.Invalid, m.InvalidReason ?? "Its credential was deleted"),
        (_, var c) when c.DisplayStatus() is var s and not CredentialStatus.Verified =>
            (ModelStatus.Unavailable, $"Credential '{c.Name}' is {s.Label()}"),
        _ => (ModelStatus.Connected, null),
    };

    /// <summary>A model as the Models tab shows it (its credential loaded with it).</summary>
    public static ModelSummary Summarize(ModelConnection m, ProviderCatalog catalog)
    {
        var (status, reason) = StatusOf(m);
        return new(m.Id, m.ModelId, m.ProviderId, catalog.Find(m.ProviderId)?.DisplayName ?? m.ProviderId,
            m.CredentialId, m.Credential?.Name, ParametersOf(m), status, reason, m.ConnectedAt, m.Version)
        {
            Alias = m.Alias,
        };
    }

    /// <summary>The parameters a model sends, as values; the Web project words them.</summary>
    private static ModelParameters ParametersOf(ModelConnection m)
    {
        var extra = 0;
        if (m.AdditionalParameters is { } json)
        {
            using var document = JsonDocument.Parse(json);
            extra = document.RootElement.EnumerateObject().Count();
        }

        return new(m.Temperature, m.MaxTokens, m.TopP, extra);
    }
}
