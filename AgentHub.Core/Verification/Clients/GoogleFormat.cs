using System.Text.Json;
using AgentHub.Core.Verification.Http;

namespace AgentHub.Core.Verification.Clients;

/// <summary>The Google API error and content formats shared by Gemini and Vertex AI.</summary>
internal static class GoogleFormat
{
    public static object ProbeBody(string? role) => new
    {
        contents = new[] { role is null ? (object)new { parts = new[] { new { text = "ping" } } } : new { role, parts = new[] { new { text = "ping" } } } },
        generationConfig = new { maxOutputTokens = 1 },
    };

    /// <summary><c>candidates[0].content.parts[0].text</c>.</summary>
    public static string? Reply(ProviderResponse response) =>
        response.Find("candidates") is { ValueKind: JsonValueKind.Array } candidates && candidates.GetArrayLength() > 0
        && candidates[0].ValueKind == JsonValueKind.Object
        && candidates[0].TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Object
        && content.TryGetProperty("parts", out var parts) && parts.ValueKind == JsonValueKind.Array && parts.GetArrayLength() > 0
        && parts[0].ValueKind == JsonValueKind.Object && parts[0].TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
            ? text.GetString()
            : null;

    /// <summary>Whether any entry of <c>error.details</c> has this <c>reason</c>.</summary>
    public static bool HasReason(ProviderResponse response, string reason) =>
        Details(response).Any(d => d.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String && r.GetString() == reason);

    /// <summary>The <c>metadata</c> value of the first detail that has it.</summary>
    public static string? Metadata(ProviderResponse response, string key) =>
        Details(response)
            .Select(d => d.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object && m.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
            .FirstOrDefault(v => v is not null);

    /// <summary>
    /// A 429 RESOURCE_EXHAUSTED means no quota left (rather than "slow down") when a QuotaFailure
    /// violation names a per-day quota or the message says the limit is 0.
    /// </summary>
    public static bool IsQuotaExhausted(ProviderResponse response)
    {
        if (response.String("error", "message")?.Contains("limit: 0", StringComparison.Ordinal) == true)
        {
            return true;
        }

        return Details(response)
            .Where(d => d.TryGetProperty("violations", out var v) && v.ValueKind == JsonValueKind.Array)
            .SelectMany(d => d.GetProperty("violations").EnumerateArray())
            .Any(v => v.ValueKind == JsonValueKind.Object && v.TryGetProperty("quotaId", out var id) && id.ValueKind == JsonValueKind.String
                && id.GetString()!.Contains("PerDay", StringComparison.OrdinalIgnoreCase));
    }

    private static IEnumerable<JsonElement> Details(ProviderResponse response) =>
        response.Find("error", "details") is { ValueKind: JsonValueKind.Array } details
            ? details.EnumerateArray().Where(d => d.ValueKind == JsonValueKind.Object)
            : [];
}
