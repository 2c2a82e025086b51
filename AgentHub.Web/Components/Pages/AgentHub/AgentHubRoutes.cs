namespace AgentHub.Web.Components.Pages.AgentHub;

/// <summary>The Agent Hub tab addresses: each tab has its own URL so reloads and links keep it.</summary>
public static class AgentHubRoutes
{
    public const string Credentials = "/agent-hub/credentials";
    public const string Models = "/agent-hub/models";
    public const string AgentKeys = "/agent-hub/agent-keys";
    public const string Usage = "/agent-hub/usage";
    public const string Activity = "/agent-hub/activity";
    public const string Members = "/agent-hub/members";
    public const string Alerts = "/agent-hub/alerts";
}
