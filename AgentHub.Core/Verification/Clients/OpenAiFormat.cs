using System.Text.Json;
using AgentHub.Core.Verification.Http;

namespace AgentHub.Core.Verification.Clients;

/// <summary>The OpenAI wire format shared by OpenAI, Fireworks AI, Databricks and Custom endpoints.</summary>
internal static class OpenAiFormat
{
    /// <summary><c>{"object":"list","data":[…]}</c>; servers differ on "object", so "data" decides.</summary>
    public static bool IsModelList(ProviderResponse response) => response.HasArray("data");

    public static IEnumerable<string> ModelIds(ProviderResponse response) =>
        response.Find("data") is { ValueKind: JsonValueKind.Array } data
            ? data.EnumerateArray()
                .Select(m => m.ValueKind == JsonValueKind.Object && m.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null)
                .OfType<string>()
            : [];

    /// <summary><c>choices[0].message.content</c>.</summary>
    public static string? Reply(ProviderResponse response) =>
        response.Find("choices") is { ValueKind: JsonValueKind.Array } choices && choices.GetArrayLength() > 0
        && choices[0].ValueKind == JsonValueKind.Object
        && choices[0].TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
        && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
            ? content.GetString()
            : null;

    /// <summary>The chat probe in the older form, with <c>max_tokens</c>.</summary>
    public static HttpRequestMessage ChatWithMaxTokens(ProviderTarget target, string modelId) =>
        target.Request(HttpMethod.Post, "chat/completions", new
        {
            model = modelId,
            messages = new[] { new { role = "user", content = "ping" } },
            max_tokens = 1,
        });
}
