namespace AgentHub.Core.Security;

/// <summary>Removes secret values from text that is about to be stored or shown (provider error details).</summary>
public static class Redactor
{
    /// <summary>What a redacted secret reads as.</summary>
    public const string Mask = "[redacted]";

    // Shorter values would mask ordinary words; the validators refuse secrets this short.
    private const int MinimumLength = 4;

    /// <summary>Returns <paramref name="text"/> with every occurrence of every secret replaced by <see cref="Mask"/>.</summary>
    public static string Redact(string text, IEnumerable<string> secrets)
    {
        // Longest first, so a secret that contains another is masked whole.
        foreach (var secret in secrets.Where(s => s.Length >= MinimumLength).Distinct().OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }
}
