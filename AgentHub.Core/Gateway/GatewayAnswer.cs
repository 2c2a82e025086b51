using System.Text.Json.Nodes;

namespace AgentHub.Core.Gateway;

/// <summary>
/// A provider's successful answer in OpenAI's format: a whole <c>chat.completion</c>, or chunks
/// read from the provider as the agent reads them. Dispose it to close the provider's answer.
/// </summary>
public sealed class GatewayAnswer : IDisposable
{
    private readonly IDisposable[] _resources;

    private GatewayAnswer(JsonObject? completion, IAsyncEnumerable<JsonObject>? chunks, IDisposable[] resources) =>
        (Completion, Chunks, _resources) = (completion, chunks, resources);

    /// <summary>The whole answer, when the agent did not ask for a stream.</summary>
    public JsonObject? Completion { get; }

    /// <summary>The streamed answer's <c>chat.completion.chunk</c> objects, when the agent asked for a stream.</summary>
    public IAsyncEnumerable<JsonObject>? Chunks { get; }

    public static GatewayAnswer Whole(JsonObject completion) => new(completion, null, []);

    public static GatewayAnswer Streamed(IAsyncEnumerable<JsonObject> chunks, params IDisposable[] resources) => new(null, chunks, resources);

    public void Dispose()
    {
        foreach (var resource in _resources)
        {
            resource.Dispose();
        }
    }
}

/// <summary>The outcome of a gateway call: an answer, or a refusal.</summary>
public sealed record GatewayResult(GatewayAnswer? Answer, GatewayError? Error)
{
    public static implicit operator GatewayResult(GatewayError error) => new(null, error);

    public static implicit operator GatewayResult(GatewayAnswer answer) => new(answer, null);
}

/// <summary>A model as <c>GET /v1/models</c> lists it.</summary>
/// <param name="Alias">The name to send as <c>model</c>.</param>
/// <param name="ProviderId">The provider's catalog id (OpenAI's <c>owned_by</c>).</param>
/// <param name="ConnectedAt">When the model was connected (OpenAI's <c>created</c>).</param>
public sealed record GatewayModel(string Alias, string ProviderId, DateTime ConnectedAt);
