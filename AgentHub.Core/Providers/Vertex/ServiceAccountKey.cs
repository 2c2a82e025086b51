using System.Text.Json;

namespace AgentHub.Core.Providers.Vertex;

/// <summary>The parts of a Google service-account JSON key that Agent Hub uses.</summary>
public sealed record ServiceAccountKey(string ProjectId, string PrivateKeyId, string PrivateKey, string ClientEmail, string TokenUri)
{
    private static readonly string[] RequiredFields = ["project_id", "private_key_id", "private_key", "client_email", "token_uri"];

    /// <summary>
    /// Reads a key, or says what is wrong with it in a sentence naming the field. The sentence
    /// never quotes the key's content.
    /// </summary>
    public static bool TryParse(string json, out ServiceAccountKey? key, out string? problem)
    {
        key = null;
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            problem = "is not valid JSON: paste the whole key file, from the first { to the last }.";
            return false;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            problem = "must be a JSON object: paste the whole key file, from the first { to the last }.";
            return false;
        }

        if (String(root, "type") != "service_account")
        {
            problem = "is not a service-account key (its \"type\" must be \"service_account\"): create a key under IAM → Service accounts → Keys.";
            return false;
        }

        var missing = RequiredFields.FirstOrDefault(f => string.IsNullOrWhiteSpace(String(root, f)));
        if (missing is not null)
        {
            problem = $"has no \"{missing}\": download a new JSON key for the service account and paste it whole.";
            return false;
        }

        var privateKey = String(root, "private_key")!;
        if (!privateKey.Contains("-----BEGIN PRIVATE KEY-----", StringComparison.Ordinal))
        {
            problem = "has a \"private_key\" that is not a PKCS#8 PEM key: download a new JSON key for the service account.";
            return false;
        }

        if (!Uri.TryCreate(String(root, "token_uri"), UriKind.Absolute, out var tokenUri) || tokenUri.Scheme != Uri.UriSchemeHttps)
        {
            problem = "has a \"token_uri\" that is not an https:// address: download a new JSON key for the service account.";
            return false;
        }

        key = new ServiceAccountKey(String(root, "project_id")!, String(root, "private_key_id")!, privateKey, String(root, "client_email")!, tokenUri.AbsoluteUri);
        problem = null;
        return true;
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // The private key must never reach a log line through this record's printer.
    public override string ToString() => $"ServiceAccountKey {{ ClientEmail = {ClientEmail}, ProjectId = {ProjectId} }}";
}
