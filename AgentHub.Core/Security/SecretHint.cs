using System.Text.Json;

namespace AgentHub.Core.Security;

/// <summary>The only part of a secret the UI may show: enough to recognise a key, not to use it.</summary>
public static class SecretHint
{
    /// <summary>
    /// <c>…a1b2</c> (the last four characters) for keys, the <c>client_email</c> for a
    /// service-account JSON, or null when the provider's hinted field is empty.
    /// </summary>
    public static string? For(ProviderSchema schema, IReadOnlyDictionary<string, string> secrets)
    {
        if (!secrets.TryGetValue(schema.HintField, out var value) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return schema.Field(schema.HintField)?.Kind == FieldKind.Json
            ? ClientEmail(value)
            : LastFour(value.Trim());
    }

    private static string LastFour(string key) =>
        // A key of eight characters or fewer would be half revealed by four of them.
        key.Length <= 8 ? "…" : "…" + key[^4..];

    private static string? ClientEmail(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("client_email", out var email)
                && email.ValueKind == JsonValueKind.String
                ? email.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
