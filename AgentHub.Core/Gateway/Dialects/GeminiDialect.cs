using Ids = AgentHub.Core.Providers.ProviderIds;
namespace AgentHub.Core.Gateway.Dialects;

/// <summary>The Gemini API (<c>models/{id}:generateContent</c>, streamed with <c>:streamGenerateContent?alt=sse</c>).</summary>
public sealed class GeminiDialect : GoogleChatDialect
{
    /// <inheritdoc />
    public override IReadOnlyList<string> ProviderIds { get; } = [Ids.Gemini];

    /// <inheritdoc />
    protected override string ModelPath(ChatDialectContext context) => $"models/{Uri.EscapeDataString(context.ModelId)}";
}
