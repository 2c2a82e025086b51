using System.Text.Json.Nodes;

namespace AgentHub.Core.Gateway;

/// <summary>
/// An agent's Chat Completions request as the gateway reads it: the alias it names, and, once the
/// model is known, the body with the model's stored parameters and whether a stream (with usage) was asked for.
/// </summary>
internal static class GatewayRequest
{
    /// <summary>The 400 that says what the request lacks, or null with the <paramref name="alias"/> it names.</summary>
    public static GatewayError? Check(JsonObject request, out string alias)
    {
        if (request["model"] is not JsonValue modelValue || !modelValue.TryGetValue(out alias!) || string.IsNullOrWhiteSpace(alias))
        {
            alias = "";
            return GatewayError.BadRequest("'model' is required: send the alias of a connected model (GET /v1/models lists them).");
        }

        return request["messages"] is JsonArray { Count: > 0 }
            ? null
            : GatewayError.BadRequest("'messages' is required: send a non-empty array of chat messages.");
    }

    /// <summary>Whether the agent asked for a stream.</summary>
    public static bool Streamed(JsonObject body) =>
        body["stream"] is JsonValue value && value.TryGetValue<bool>(out var streamed) && streamed;

    /// <summary>Whether a streaming agent asked for the closing usage chunk (<c>stream_options.include_usage</c>).</summary>
    public static bool IncludesUsage(JsonObject body) =>
        body["stream_options"] is JsonObject options && options["include_usage"] is JsonValue usage && usage.TryGetValue<bool>(out var wanted) && wanted;

    /// <summary>
    /// Adds the model's stored parameters where the request does not set them, to the request itself:
    /// it is this call's own copy, parsed from the agent's body (a second copy cost as much as the parse).
    /// </summary>
    public static JsonObject WithModelDefaults(JsonObject body, ModelConnection model)
    {
        void Default(string name, JsonNode? value)
        {
            if (value is not null && body[name] is null)
            {
                body[name] = value;
            }
        }

        Default("temperature", model.Temperature is { } t ? JsonValue.Create(t) : null);
        Default("top_p", model.TopP is { } p ? JsonValue.Create(p) : null);
        if (body["max_completion_tokens"] is null)
        {
            Default("max_tokens", model.MaxTokens is { } max ? JsonValue.Create(max) : null);
        }

        if (model.AdditionalParameters is { } json && JsonNode.Parse(json) is JsonObject extra)
        {
            foreach (var (name, value) in extra)
            {
                Default(name, value?.DeepClone());
            }
        }

        return body;
    }
}
