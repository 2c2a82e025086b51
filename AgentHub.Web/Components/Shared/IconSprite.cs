namespace AgentHub.Web.Components.Shared;

/// <summary>
/// Icons a table repeats in every row, drawn once in the page (App.razor, static) and referenced by id.
/// A MudIcon sends its path as markup, which the browser parses on its own for each icon of each row
/// drawn; a reference to the sprite is two plain elements.
/// </summary>
public static class IconSprite
{
    public const string MoreVert = "agenthub-icon-more-vert";
    public const string CheckCircle = "agenthub-icon-check-circle";
    public const string HourglassTop = "agenthub-icon-hourglass-top";
    public const string Key = "agenthub-icon-key";
    public const string ErrorOutline = "agenthub-icon-error-outline";
    public const string Link = "agenthub-icon-link";
    public const string LinkOff = "agenthub-icon-link-off";

    /// <summary>Every symbol of the sprite: its id and MudBlazor's path markup for it.</summary>
    public static IReadOnlyList<(string Id, string Path)> Symbols { get; } =
    [
        (MoreVert, Icons.Material.Filled.MoreVert),
        (CheckCircle, Icons.Material.Filled.CheckCircle),
        (HourglassTop, Icons.Material.Filled.HourglassTop),
        (Key, Icons.Material.Filled.Key),
        (ErrorOutline, Icons.Material.Filled.ErrorOutline),
        (Link, Icons.Material.Filled.Link),
        (LinkOff, Icons.Material.Filled.LinkOff),
    ];

    /// <summary>A chip's icon from the sprite, with the classes MudChip gives its own icon.</summary>
    public static RenderFragment ChipIcon(string id) => Icon(id, "mud-icon-root mud-svg-icon mud-icon-size-small mud-chip-icon");

    /// <summary>An icon from the sprite, with the classes of the MudBlazor icon it stands for.</summary>
    public static RenderFragment Icon(string id, string classes) => builder =>
    {
        builder.OpenElement(0, "svg");
        builder.AddAttribute(1, "class", classes);
        builder.AddAttribute(2, "focusable", "false");
        builder.AddAttribute(3, "viewBox", "0 0 24 24");
        builder.AddAttribute(4, "aria-hidden", "true");
        builder.OpenElement(5, "use");
        builder.AddAttribute(6, "href", "#" + id);
        builder.CloseElement();
        builder.CloseElement();
    };
}
