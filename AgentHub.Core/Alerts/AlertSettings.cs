namespace AgentHub.Core.Alerts;

/// <summary>How a team's webhook messages are written.</summary>
public enum AlertFormat
{
    /// <summary>Slack's incoming-webhook body, <c>{"text": "…"}</c> (Slack, Mattermost, Teams workflows, Discord's /slack).</summary>
    Slack,

    /// <summary>A JSON object of facts, signed with HMAC-SHA256 (<see cref="AlertMessage.Sign"/>).</summary>
    SignedJson,
}

/// <summary>
/// A team's alert webhook: where credential alerts go and how they are written. The URL (a Slack
/// webhook URL is itself a secret) and the signing secret live only in <see cref="ProtectedSecrets"/>,
/// encrypted with the key ring; the UI shows <see cref="WebhookHint"/>, and the signing secret once.
/// </summary>
public sealed class AlertSettings
{
    // For EF Core.
    private AlertSettings()
    {
    }

    public Guid TeamId { get; private set; }

    /// <summary>What the UI shows of the URL: scheme, host and the path's last four characters.</summary>
    public string WebhookHint { get; private set; } = "";

    public AlertFormat Format { get; private set; }

    /// <summary>The URL and the HMAC signing secret, encrypted (<see cref="SecretProtector"/>; <see cref="AlertSecrets"/>).</summary>
    public string ProtectedSecrets { get; private set; } = "";

    public DateTime UpdatedAt { get; private set; }

    internal static AlertSettings Create(Guid teamId) => new() { TeamId = teamId };

    internal void Change(string hint, AlertFormat format, string protectedSecrets, DateTime at)
    {
        WebhookHint = hint;
        Format = format;
        ProtectedSecrets = protectedSecrets;
        UpdatedAt = at;
    }
}
