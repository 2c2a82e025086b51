using System.Security.Cryptography;

namespace AgentHub.Core.Alerts;

/// <summary>A team's webhook URL and signing secret, in memory only for a save or a post.</summary>
public sealed record AlertSecrets(string Url, string SigningSecret)
{
    private const string UrlKey = "url";
    private const string SigningSecretKey = "signingSecret";

    /// <summary>A new signing secret: <c>whsec_</c> and 256 random bits.</summary>
    public static string NewSigningSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>What the UI may show of a URL: <c>https://hooks.slack.com/…a1b2</c>.</summary>
    public static string Hint(string url)
    {
        var uri = new Uri(url);
        var path = uri.AbsolutePath.TrimEnd('/');
        var tail = path.Length > 4 ? "…" + path[^4..] : path;
        return $"{uri.Scheme}://{uri.Authority}{(tail.Length > 0 ? "/" + tail.TrimStart('/') : "")}";
    }

    internal string Protect(SecretProtector protector) =>
        protector.Protect(new Dictionary<string, string> { [UrlKey] = Url, [SigningSecretKey] = SigningSecret });

    internal static AlertSecrets? Open(SecretProtector protector, string payload) =>
        protector.TryUnprotect(payload, out var values) && values.TryGetValue(UrlKey, out var url) && values.TryGetValue(SigningSecretKey, out var secret)
            ? new AlertSecrets(url, secret)
            : null;

    public override string ToString() => "AlertSecrets { … }";
}
