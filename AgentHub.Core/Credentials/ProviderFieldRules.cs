using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace AgentHub.Core.Credentials;

/// <summary>
/// Checks one provider field's value against its schema: its kind's rule, then the field's own
/// <see cref="ProviderField.ContentRule"/>, then its format. Each message starts with the field's
/// label and says what to do; none quotes the value, which may be a secret.
/// </summary>
public static class ProviderFieldRules
{
    private const int MinimumSecretLength = 8;

    /// <summary>The problems with <paramref name="value"/> for <paramref name="field"/>; empty when it is fine.</summary>
    /// <param name="field">The schema field.</param>
    /// <param name="value">The submitted value (null or blank when not given).</param>
    /// <param name="keepsStoredSecret">True on edit, where a blank secret keeps the stored one.</param>
    public static IEnumerable<string> Check(ProviderField field, string? value, bool keepsStoredSecret)
    {
        var label = field.Label;
        if (string.IsNullOrWhiteSpace(value))
        {
            if (field.Required && !(keepsStoredSecret && field.IsSecret))
            {
                yield return RequiredMessage(field);
            }

            yield break;
        }

        value = value.Trim();
        if (value.Length > field.MaxLength)
        {
            yield return TooLongMessage(field);
            yield break;
        }

        var problem = field.Kind switch
        {
            FieldKind.Secret => CheckSecret(value),
            FieldKind.Url => CheckHttpsUrl(value, field.Placeholder),
            FieldKind.Select => field.Options.Contains(value) ? null : "must be one of the listed values.",
            FieldKind.Headers => HeaderLines.TryParse(value, out _, out var p) ? null : p,
            FieldKind.Pem => CheckPem(value),
            _ => null,
        } ?? field.ContentRule?.Invoke(value);
        if (problem is not null)
        {
            yield return $"{label} {problem}";
            yield break;
        }

        if (field.Format is { } format && !Regex.IsMatch(value, format.Pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            yield return format.Message;
        }
    }

    /// <summary>Said at <paramref name="field"/> when it is required and blank.</summary>
    public static string RequiredMessage(ProviderField field) => $"{field.Label} is required. {field.HelpText}";

    /// <summary>Said at <paramref name="field"/> when its value is longer than its maximum.</summary>
    public static string TooLongMessage(ProviderField field) => $"{field.Label} must be at most {field.MaxLength:N0} characters.";

    /// <summary>Checks an admin-typed URL: absolute, https, no user name or password inside.</summary>
    public static string? CheckHttpsUrl(string value, string? example)
    {
        var hint = example is null ? "" : $", such as {example}";
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return $"must be a full address starting with https://{hint}.";
        }

        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            return $"must start with https://: Agent Hub only calls encrypted endpoints{hint}.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "must not contain a user name or password: put credentials in the key fields instead.";
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return $"must not contain ? or # parts: give the base address only{hint}.";
        }

        return null;
    }

    private static string? CheckSecret(string value)
    {
        if (value.Any(char.IsWhiteSpace))
        {
            return "contains spaces or line breaks: paste the key alone.";
        }

        return value.Length < MinimumSecretLength ? "looks too short: paste the whole key." : null;
    }

    private static string? CheckPem(string value)
    {
        if (!value.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            return "must contain at least one -----BEGIN CERTIFICATE----- block.";
        }

        try
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPem(value);
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }

            return certificates.Count == 0 ? "must contain at least one -----BEGIN CERTIFICATE----- block." : null;
        }
        catch (CryptographicException)
        {
            return "could not be read as a certificate: paste the PEM text exactly as exported.";
        }
    }
}
