namespace AgentHub.Bench.Runner;

/// <summary>What the runner needs to know about a tab: its route, its main button, its search box, its rows.</summary>
public sealed record TabSpec(string Route, string Title, string Button, string Dialog, string SearchLabel, string? EditDialog, bool FloorOnly = false)
{
    public const string RowSelector = "table.mud-table-root tbody tr.mud-table-row";

    public static readonly TabSpec Credentials = new("credentials", "Credentials", "Create", "Create credential", "Search", "Edit credential");

    public static readonly TabSpec Models = new("models", "Models", "Connect Model", "Connect model", "Search models", null);

    /// <summary>The floor's Credentials page with one screen of rows (25, paged by MudTable): the framework's own cost of a tab, the reference for "a tab costs what one screen costs".</summary>
    public static readonly TabSpec OneScreen = new("one-screen", "One screen (floor)", "Create", "Create credential", "Search", "Edit credential", FloorOnly: true);

    public static readonly TabSpec[] All = [Credentials, Models, OneScreen];

    /// <summary>BENCH_FLOOR_TABS (routes, comma-separated) limits the floor to those pages: its full tables take seconds a load.</summary>
    private static readonly string[]? FloorTabs = Environment.GetEnvironmentVariable("BENCH_FLOOR_TABS")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether this tab is measured on <paramref name="target"/> (the floor-only page is not Agent Hub's).</summary>
    public bool On(Target target) => target.Name == Target.Floor ? FloorTabs is null || FloorTabs.Contains(Route) : !FloorOnly;
}
