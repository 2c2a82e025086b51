namespace AgentHub.Tests.Support;

/// <summary>Valid form inputs for each provider, to be varied by the test at hand.</summary>
public static class Inputs
{
    public const string ServiceAccountEmail = "agent-hub@test-project.iam.gserviceaccount.com";

    public static CredentialInput Credential(string name, string providerId = ProviderIds.OpenAi, string? apiKey = "sk-test-0000000000001234", Dictionary<string, string?>? values = null)
    {
        var input = new CredentialInput { Name = name, ProviderId = providerId, Values = ValidValues(providerId, apiKey) };
        foreach (var (key, value) in values ?? [])
        {
            input.Values[key] = value;
        }

        return input;
    }

    /// <summary>The smallest set of values that passes validation for the provider.</summary>
    public static Dictionary<string, string?> ValidValues(string providerId, string? apiKey = "sk-test-0000000000001234") =>
        Fakes.ProviderTestValues.For(providerId).FormValues(apiKey);

    /// <summary>A well-formed service-account key; <paramref name="without"/> drops one field.</summary>
    public static string ServiceAccountJson(string? without = null, string privateKey = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n")
    {
        var fields = new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["project_id"] = "test-project",
            ["private_key_id"] = "0123456789abcdef0123456789abcdef01234567",
            ["private_key"] = privateKey,
            ["client_email"] = ServiceAccountEmail,
            ["client_id"] = "100000000000000000001",
            ["token_uri"] = "https://oauth2.googleapis.com/token",
        };
        if (without is not null)
        {
            fields.Remove(without);
        }

        return System.Text.Json.JsonSerializer.Serialize(fields);
    }
}
