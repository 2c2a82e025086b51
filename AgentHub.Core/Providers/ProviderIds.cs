namespace AgentHub.Core.Providers;

/// <summary>
/// The catalog ids of the providers: stable keys stored with each credential and used in
/// configuration (<c>AgentHub:Providers:&lt;id&gt;</c>). Never rename one: stored credentials use it.
/// </summary>
public static class ProviderIds
{
    public const string OpenAi = "openai";
    public const string Anthropic = "anthropic";
    public const string Gemini = "gemini";
    public const string Fireworks = "fireworks";
    public const string VertexAi = "vertex-ai";
    public const string Databricks = "databricks";
    public const string Bedrock = "bedrock";
    public const string Custom = "custom";
}
