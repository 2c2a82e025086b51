using System.Text.Json.Nodes;

namespace AgentHub.Core.Gateway;

/// <summary>What a dialect needs to know about the call it translates.</summary>
/// <param name="ModelId">The provider's model ID (the model connection's Model name or ID).</param>
/// <param name="Alias">The name the agent used as <c>model</c>; replies carry it back.</param>
/// <param name="Stream">Whether the agent asked for a streamed reply.</param>
/// <param name="ModelsPath">The path under which the credential's models are addressed, where the credential decides it (Vertex AI's project and location), else null.</param>
public sealed record ChatDialectContext(string ModelId, string Alias, bool Stream, string? ModelsPath = null);

/// <summary>A provider chat request: a path relative to the credential's API base (no leading slash) and its JSON body.</summary>
public sealed record ProviderChatRequest(string RelativePath, JsonObject Body);

/// <summary>
/// A provider's failure inside a stream (once it has begun, the HTTP status is sent): an error the provider reported in
/// its stream, or, in Agent Hub's words (<paramref name="reportedByProvider"/> false), a stream that broke off, ended
/// early or could not be read.
/// </summary>
public sealed class ChatStreamException(string message, bool reportedByProvider = true) : Exception(message)
{
    /// <summary>Whether the message is the provider's own words (masked before it leaves), not Agent Hub's.</summary>
    public bool ReportedByProvider { get; } = reportedByProvider;

    /// <summary>What the agent is told: the provider's own words, or what happened to its stream.</summary>
    public string ForAgent => ReportedByProvider ? "The provider reported an error: " + Message : Message;
}

/// <summary>
/// How the gateway speaks one provider's chat API: the OpenAI Chat Completions request into the
/// provider's own request, and the provider's answer (whole or streamed) back into OpenAI's
/// format. Pure translation: no HTTP, no credentials; the gateway adds the target's auth headers.
/// </summary>
public interface IChatDialect
{
    /// <summary>The catalog ids of the providers this dialect serves.</summary>
    IReadOnlyList<string> ProviderIds { get; }

    /// <summary>
    /// The provider request for an OpenAI Chat Completions request whose model parameters are
    /// already merged in as defaults. The request is the caller's own copy for this call: a
    /// dialect may change it and send it on rather than copy it again.
    /// </summary>
    ProviderChatRequest ToProvider(JsonObject openAiRequest, ChatDialectContext context);

    /// <summary>
    /// A whole provider answer (2xx JSON) as an OpenAI <c>chat.completion</c> with <c>usage</c>. The
    /// answer was parsed for this call alone: a dialect may change it and return it.
    /// </summary>
    JsonObject FromProvider(JsonNode providerAnswer, ChatDialectContext context);

    /// <summary>
    /// A streamed provider answer (2xx body) as OpenAI <c>chat.completion.chunk</c> objects, in order,
    /// ending with a chunk whose <c>choices</c> is empty and which carries <c>usage</c> when the provider
    /// reported it (the gateway drops that chunk unless the agent asked for usage). A provider error
    /// event mid-stream throws <see cref="ChatStreamException"/>.
    /// </summary>
    IAsyncEnumerable<JsonObject> FromProviderStream(Stream providerStream, ChatDialectContext context, CancellationToken cancellationToken);
}
