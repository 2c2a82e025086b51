namespace AgentHub.Core.Providers;

/// <summary>The storage keys of provider fields, shared by the catalog and the verification clients.</summary>
public static class FieldKeys
{
    public const string ApiKey = "apiKey";
    public const string OrganizationId = "organizationId";
    public const string BaseUrl = "baseUrl";
    public const string ServiceAccountKey = "serviceAccountKey";
    public const string Project = "project";
    public const string Location = "location";
    public const string WorkspaceUrl = "workspaceUrl";
    public const string Region = "region";
    public const string ExtraHeaders = "extraHeaders";
    public const string CaCertificate = "caCertificate";
}
