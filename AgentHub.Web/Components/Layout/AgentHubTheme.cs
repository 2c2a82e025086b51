namespace AgentHub.Web.Components.Layout;

/// <summary>
/// MudBlazor's palette with status colours dark enough for white text and for text on white
/// (WCAG AA 4.5:1): chips, snackbars and warnings must be readable.
/// </summary>
public static class AgentHubTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Success = "#2e7d32",
            Error = "#c62828",
            Warning = "#a84300",
            Info = "#1565c0",
        },
    };
}
