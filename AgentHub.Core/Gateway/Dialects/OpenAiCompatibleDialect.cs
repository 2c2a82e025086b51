using Ids = AgentHub.Core.Providers.ProviderIds;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentHub.Core.Gateway.Dialects;

/// <summary>
/// The providers that speak OpenAI Chat Completions themselves (OpenAI, Fireworks AI, Databricks,
/// Custom): the request passes through with the provider's model ID, answers come back with the
/// agent's alias as <c>model</c>, streams are relayed chunk by chunk. One instance per provider,
/// since Databricks names the model in the path and OpenAI renames <c>max_tokens</c>.
/// </summary>
/// <param name="providerId">The catalog id of the provider this instance serves.</param>
public sealed class OpenAiCompatibleDialect(string providerId) : IChatDialect
{
    /// <summary>The providers that speak OpenAI Chat Completions natively: the schemas marked <see cref="ProviderSchema.SpeaksOpenAiChat"/>.</summary>
    public static readonly IReadOnlyList<string> Providers = [.. ProviderCatalog.Schemas.Where(s => s.SpeaksOpenAiChat).Select(s => s.Id)];

    /// <inheritdoc />
    public IReadOnlyList<string> ProviderIds { get; } = [providerId];

    /// <inheritdoc />
    public ProviderChatRequest ToProvider(JsonObject openAiRequest, ChatDialectContext context)
    {
        // The gateway's own copy (with the model's defaults): changed in place, not copied again.
        var body = openAiRequest;
        if (context.Stream)
        {
            // The provider counts the stream's tokens only when asked; the gateway drops that last chunk unless the agent asked too.
            var streamOptions = body["stream_options"] as JsonObject ?? [];
            streamOptions["include_usage"] = true;
            body["stream_options"] = streamOptions;
        }

        if (providerId == Ids.Databricks)
        {
            // A serving endpoint is named in the path; its invocations take the OpenAI body without a model.
            body.Remove("model");
            return new ProviderChatRequest($"serving-endpoints/{Uri.EscapeDataString(context.ModelId)}/invocations", body);
        }

        body["model"] = context.ModelId;
        if (providerId == Ids.OpenAi && body["max_tokens"] is { } maxTokens && body["max_completion_tokens"] is null)
        {
            // OpenAI deprecated max_tokens for max_completion_tokens, and its reasoning models refuse the old name.
            body.Remove("max_tokens");
            body["max_completion_tokens"] = maxTokens;
        }

        return new ProviderChatRequest("chat/completions", body);
    }

    /// <inheritdoc />
    public JsonObject FromProvider(JsonNode providerAnswer, ChatDialectContext context)
    {
        var completion = providerAnswer as JsonObject ?? throw new JsonException("The answer is not a JSON object.");
        Complete(completion, "chat.completion", context);
        return completion;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<JsonObject> FromProviderStream(
        Stream providerStream, ChatDialectContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in SseParser.Create(providerStream).EnumerateAsync(cancellationToken))
        {
            var data = item.Data.Trim();
            if (data.Length == 0)
            {
                continue;
            }

            if (data == "[DONE]")
            {
                yield break;
            }

            if (JsonNode.Parse(data) is not JsonObject chunk)
            {
                continue;
            }

            if (chunk["error"] is JsonObject error)
            {
                throw new ChatStreamException(error["message"]?.ToString() ?? "The provider reported an error in the stream.");
            }

            Complete(chunk, "chat.completion.chunk", context);
            yield return chunk;
        }
    }

    // Self-hosted servers leave out fields the OpenAI SDKs expect; the agent's alias replaces the provider's model name.
    private static void Complete(JsonObject answer, string kind, ChatDialectContext context)
    {
        answer["model"] = context.Alias;
        answer["object"] ??= kind;
        answer["id"] ??= "chatcmpl-" + Guid.NewGuid().ToString("N");
        answer["created"] ??= DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        answer["choices"] ??= new JsonArray();
    }
}
