using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AgentHub.Core.Providers.Vertex;

namespace AgentHub.Core.Security;

/// <summary>
/// Removes secret values from text that is about to be stored or shown (provider answers, error
/// details, a model's test reply). The one place that knows in which forms a secret can come back.
/// </summary>
/// <remarks>
/// A secret is masked whole, and so is each part a provider may echo alone (each header of a
/// header block and its value; a service-account key's private key, its lines and its id). Each
/// of those is masked in any letter case, JSON-escaped, URL-encoded and base64-encoded (standard
/// and URL-safe, at any byte alignment inside a longer encoded text; at an unaligned start or end
/// up to two bytes stay in the characters next to the mask). Values shorter than
/// <see cref="WholeTokenBelow"/> characters are masked only where they stand alone (not inside a
/// longer word or number) and in their own case, so that a short header value such as "on" does
/// not eat every "on" inside ordinary words.
/// </remarks>
public static class Redactor
{
    /// <summary>What a redacted secret reads as.</summary>
    public const string Mask = "[redacted]";

    /// <summary>Values shorter than this are masked only as whole tokens.</summary>
    public const int WholeTokenBelow = 8;

    // A base64 form shorter than this would match by chance.
    private const int MinimumBase64Length = 8;

    private static readonly JsonSerializerOptions RelaxedJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Returns <paramref name="text"/> with every form of every secret replaced by <see cref="Mask"/>.</summary>
    public static string Redact(string text, IEnumerable<string> secrets)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        bool[]? masked = null;
        foreach (var form in Forms(secrets))
        {
            var comparison = form.WholeToken ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            for (var at = text.IndexOf(form.Value, comparison); at >= 0; at = text.IndexOf(form.Value, at + 1, comparison))
            {
                if (form.WholeToken && (IsWordChar(text, at - 1) || IsWordChar(text, at + form.Value.Length)))
                {
                    continue;
                }

                masked ??= new bool[text.Length];
                Array.Fill(masked, true, at, form.Value.Length);
            }
        }

        return masked is null ? text : Apply(text, masked);
    }

    /// <summary>
    /// The parts of a secret a provider may echo on their own, the secret itself first; the lines
    /// of a private key are not looked for base64-encoded (nothing encodes one line of a PEM key).
    /// </summary>
    private static IEnumerable<(string Value, bool Base64)> Parts(string secret)
    {
        secret = secret.Trim();
        yield return (secret, true);
        if (secret.StartsWith('{') && ServiceAccountKey.TryParse(secret, out var key, out _))
        {
            yield return (key!.PrivateKey, true);
            yield return (key.PrivateKeyId, true);
            foreach (var line in key.PrivateKey.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(l => !l.StartsWith("-----", StringComparison.Ordinal)))
            {
                yield return (line, false);
            }

            yield break;
        }

        // A header block: each line, and each header's value alone.
        foreach (var line in secret.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line != secret)
            {
                yield return (line, true);
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && colon < line.Length - 1)
            {
                yield return (line[(colon + 1)..].Trim(), true);
            }
        }
    }

    /// <summary>Every form to look for, and whether it counts only as a whole token.</summary>
    private static IEnumerable<(string Value, bool WholeToken)> Forms(IEnumerable<string> secrets) =>
        secrets.Where(s => !string.IsNullOrWhiteSpace(s))
            .SelectMany(Parts)
            .Where(p => p.Value.Length > 0)
            .DistinctBy(p => p.Value, StringComparer.Ordinal)
            .SelectMany(part => Encodings(part.Value, part.Base64).Distinct(StringComparer.Ordinal).Select(form => (form, part.Value.Length < WholeTokenBelow)))
            .Where(f => f.form.Length > 0);

    private static IEnumerable<string> Encodings(string part, bool base64)
    {
        yield return part;
        yield return JsonSerializer.Serialize(part)[1..^1];
        yield return JsonSerializer.Serialize(part, RelaxedJson)[1..^1];
        yield return Uri.EscapeDataString(part);
        yield return WebUtility.UrlEncode(part);
        if (!base64 || part.Length < WholeTokenBelow)
        {
            yield break;
        }

        var bytes = Encoding.UTF8.GetBytes(part);
        var whole = Convert.ToBase64String(bytes);
        foreach (var form in new[] { whole, UrlSafe(whole) })
        {
            yield return form;
        }

        // Inside a longer base64 text the secret starts at one of three byte offsets; the groups of
        // four characters made only of its bytes are the same whatever surrounds it.
        for (var offset = 0; offset < 3; offset++)
        {
            var shifted = new byte[offset + bytes.Length];
            bytes.CopyTo(shifted, offset);
            var encoded = Convert.ToBase64String(shifted);
            var first = offset == 0 ? 0 : 1;
            var last = shifted.Length / 3;
            if ((last - first) * 4 >= MinimumBase64Length)
            {
                var middle = encoded.Substring(first * 4, (last - first) * 4);
                yield return middle;
                yield return UrlSafe(middle);
            }
        }
    }

    private static string UrlSafe(string base64) => base64.Replace('+', '-').Replace('/', '_').TrimEnd('=');

    private static bool IsWordChar(string text, int index) => index >= 0 && index < text.Length && char.IsLetterOrDigit(text[index]);

    /// <summary>The text with each run of masked characters replaced by one <see cref="Mask"/>.</summary>
    private static string Apply(string text, bool[] masked)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (!masked[i])
            {
                result.Append(text[i]);
            }
            else if (i == 0 || !masked[i - 1])
            {
                result.Append(Mask);
            }
        }

        return result.ToString();
    }
}
