namespace AgentHub.Core.Alerts;

/// <summary>What an admin types on the Alerts tab. A blank URL keeps the stored one.</summary>
public sealed class AlertSettingsInput
{
    public string? WebhookUrl { get; set; }

    public AlertFormat Format { get; set; } = AlertFormat.Slack;
}

/// <summary>A team's webhook as the UI may show it (never the URL itself, never the signing secret).</summary>
public sealed record AlertSettingsView(string WebhookHint, AlertFormat Format, DateTime UpdatedAt);

/// <summary>A saved webhook, with the signing secret when one was just made (shown once).</summary>
public sealed record AlertSettingsSaved(AlertSettingsView Settings, string? NewSigningSecret);

/// <summary>One alert message as the Alerts tab lists it.</summary>
public sealed record AlertDeliveryView(
    Guid Id, AlertKind Kind, string CredentialName, string Text, DateTime OccurredAt, int Attempts,
    DateTime? DeliveredAt, DateTime? GaveUpAt, DateTime NextAttemptAt, string? LastError)
{
    /// <summary>Delivered, waiting, failing with the next try, or given up, in words.</summary>
    public string State(TimeZoneInfo zone) =>
        DeliveredAt is { } delivered ? $"Delivered {Local(delivered, zone):yyyy-MM-dd HH:mm}"
        : GaveUpAt is not null && Attempts == 0 ? $"Not sent: {LastError}"
        : GaveUpAt is not null ? $"Gave up after {Attempts} attempts: {LastError}"
        : Attempts > 0 ? $"Delivery failed {Times(Attempts)}: {LastError}; next try {Local(NextAttemptAt, zone):HH:mm}"
        : "Waiting to be sent";

    private static string Times(int n) => n == 1 ? "once" : $"{n} times";

    private static DateTime Local(DateTime utc, TimeZoneInfo zone) => TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
}
