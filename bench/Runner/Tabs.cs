namespace AgentHub.Bench.Runner;

/// <summary>What the runner needs to know about a tab: its route, its main button, its search box, its rows.</summary>
public sealed record TabSpec(string Route, string Title, string Button, string Dialog, string SearchLabel, string? EditDialog)
{
    public const string RowSelector = "table.mud-table-root tbody tr.mud-table-row";

    public static readonly TabSpec Credentials = new("credentials", "Credentials", "Create", "Create credential", "Search", "Edit credential");

    public static readonly TabSpec Models = new("models", "Models", "Connect Model", "Connect model", "Search models", null);

    public static readonly TabSpec[] All = [Credentials, Models];
}
