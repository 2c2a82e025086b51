using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AgentHub.Core.Alerts;

/// <summary>
/// The body of one alert in a team's format, built from the outbox row's facts only (name, provider,
/// status, the redacted reason, times, a link): no key, URL or secret of the credential is in it.
/// </summary>
public static class AlertMessage
{
    /// <summary>The JSON body to post.</summary>
    public static string Body(AlertDelivery delivery, AlertFormat format, Uri? appUrl) => format == AlertFormat.Slack
        ? JsonSerializer.Serialize(new { text = SlackText(delivery, appUrl) })
        : JsonSerializer.Serialize(new
        {
            type = Type(delivery.Kind),
            id = delivery.Id,
            credential = delivery.CredentialId is null ? null : new { id = delivery.CredentialId, name = delivery.CredentialName, provider = delivery.ProviderName },
            status = delivery.Status,
            reason = delivery.Reason,
            expiresAt = delivery.ExpiresAt,
            occurredAt = delivery.OccurredAt,
            link = Link(delivery, appUrl)?.AbsoluteUri,
            text = Text(delivery),
        });

    /// <summary>The event names of the signed JSON body.</summary>
    public static string Type(AlertKind kind) => kind switch
    {
        AlertKind.Broke => "credential.broke",
        AlertKind.Recovered => "credential.recovered",
        AlertKind.Expiring => "credential.expiring",
        _ => "test",
    };

    /// <summary>
    /// <see cref="Text"/> in Slack's markup: &amp;, &lt; and &gt; escaped (a name cannot forge a link or a
    /// mention), and the link to the credential when <c>AgentHub:Alerts:AppUrl</c> is set.
    /// </summary>
    public static string SlackText(AlertDelivery delivery, Uri? appUrl)
    {
        var line = Text(delivery).Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
        return Link(delivery, appUrl) is { } link ? $"{line} <{link.AbsoluteUri}|Open in Agent Hub>" : line;
    }

    /// <summary>One line for people: what happened to which credential, and why.</summary>
    public static string Text(AlertDelivery delivery)
    {
        var name = $"{delivery.CredentialName} ({delivery.ProviderName})";
        var line = delivery.Kind switch
        {
            AlertKind.Broke => $"Credential {name} broke: {delivery.Status}. {delivery.Reason}",
            AlertKind.Recovered => $"Credential {name} recovered: {delivery.Status} again.",
            AlertKind.Expiring => delivery.ExpiresAt is { } at && at <= delivery.OccurredAt
                ? $"Credential {name} expired on {Date(at)}: replace its key."
                : $"Credential {name} expires on {Date(delivery.ExpiresAt ?? delivery.OccurredAt)}: replace its key before then.",
            _ => "Agent Hub test message: this webhook receives credential alerts.",
        };
        return line.TrimEnd();
    }

    /// <summary>
    /// The headers of the signed format: <c>X-AgentHub-Timestamp</c> (Unix seconds) and
    /// <c>X-AgentHub-Signature: sha256=&lt;hex&gt;</c>, the HMAC-SHA256 with the team's signing secret of
    /// <c>{timestamp}.{body}</c>. The timestamp is signed so a receiver can refuse a replayed message
    /// (one older than a few minutes).
    /// </summary>
    public static (string Timestamp, string Signature) Sign(string body, string secret, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return (timestamp, "sha256=" + Convert.ToHexStringLower(mac));
    }

    private static Uri? Link(AlertDelivery delivery, Uri? appUrl) =>
        appUrl is null || delivery.CredentialId is null
            ? null
            : new Uri(appUrl, $"agent-hub/credentials?q={Uri.EscapeDataString(delivery.CredentialName)}");

    private static string Date(DateTime at) => at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
