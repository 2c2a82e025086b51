namespace AgentHub.Core.Providers;

/// <summary>Reads the Extra headers field: one <c>Name: value</c> per line, blank lines ignored.</summary>
public static class HeaderLines
{
    // Headers that the HTTP stack or Agent Hub itself owns; a gateway header may not replace them.
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Transfer-Encoding", "Connection", "Upgrade", "Expect", "TE", "Trailer", "Keep-Alive", "Proxy-Connection",
    };

    /// <summary>
    /// Parses the text into headers, or returns a problem naming the line. The problem never
    /// quotes a header value (values are secrets).
    /// </summary>
    public static bool TryParse(string? text, out IReadOnlyList<KeyValuePair<string, string>> headers, out string? problem)
    {
        var parsed = new List<KeyValuePair<string, string>>();
        headers = parsed;
        problem = null;
        var lines = (text ?? "").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? line[..colon].Trim() : "";
            var value = colon > 0 ? line[(colon + 1)..].Trim() : "";
            if (name.Length == 0 || value.Length == 0)
            {
                problem = $"line {i + 1} must look like \"Name: value\".";
                return false;
            }

            if (!IsToken(name))
            {
                problem = $"line {i + 1} has a header name with characters HTTP does not allow: use letters, digits and hyphens.";
                return false;
            }

            if (Reserved.Contains(name))
            {
                problem = $"line {i + 1} sets {name}, which Agent Hub manages itself: remove that line.";
                return false;
            }

            if (string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase))
            {
                problem = $"line {i + 1} sets Authorization: put the key in the API Key field, which is sent as a Bearer token.";
                return false;
            }

            if (value.Any(char.IsControl))
            {
                problem = $"line {i + 1} has a value with control characters: paste the value alone.";
                return false;
            }

            if (parsed.Any(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)))
            {
                problem = $"line {i + 1} repeats the header {name}: keep one line per header.";
                return false;
            }

            parsed.Add(new(name, value));
        }

        return true;
    }

    private static bool IsToken(string name)
    {
        try
        {
            // HttpHeaders validates names against the RFC 9110 token grammar.
            using var request = new HttpRequestMessage();
            return request.Headers.TryAddWithoutValidation(name, "x");
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
