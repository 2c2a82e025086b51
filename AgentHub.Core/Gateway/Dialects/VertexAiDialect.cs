using Ids = AgentHub.Core.Providers.ProviderIds;
namespace AgentHub.Core.Gateway.Dialects;

/// <summary>Vertex AI's Gemini models (<c>v1/projects/{p}/locations/{l}/publishers/google/models/{id}</c>), the same body as the Gemini API.</summary>
public sealed class VertexAiDialect : GoogleChatDialect
{
    /// <inheritdoc />
    public override IReadOnlyList<string> ProviderIds { get; } = [Ids.VertexAi];

    /// <inheritdoc />
    protected override string ModelPath(ChatDialectContext context) =>
        context.ModelsPath + Uri.EscapeDataString(context.ModelId);
}
