namespace AgentHub.Core.Alerts;

/// <summary>What an alert tells.</summary>
public enum AlertKind
{
    /// <summary>A Verified credential failed its verification.</summary>
    Broke,

    /// <summary>A credential that had a Broke alert is Verified again.</summary>
    Recovered,

    /// <summary>The provider says the key expires within <see cref="AlertRules.ExpiryWarning"/>.</summary>
    Expiring,

    /// <summary>An admin's Send test message.</summary>
    Test,
}

/// <summary>
/// One alert message to a team's webhook (an outbox row): written in the transaction that changed
/// the credential, posted by <see cref="AlertDeliveryService"/> with retries. It holds the facts of
/// the message, never a secret; the body is built from them at each attempt.
/// </summary>
public sealed class AlertDelivery
{
    /// <summary>The <see cref="LastError"/> of messages given up because their team removed the webhook.</summary>
    public const string WebhookRemoved = "the webhook was removed";

    // For EF Core.
    private AlertDelivery()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid TeamId { get; private set; }

    public Guid? CredentialId { get; private set; }

    public string CredentialName { get; private set; } = "";

    public string ProviderName { get; private set; } = "";

    public AlertKind Kind { get; private set; }

    /// <summary>The credential's status word when the alert was raised ("Failed", "Verified").</summary>
    public string Status { get; private set; } = "";

    /// <summary>The plain, already redacted reason (the verification's message).</summary>
    public string? Reason { get; private set; }

    /// <summary>For <see cref="AlertKind.Expiring"/>: the expiry it warns of (once per credential and expiry).</summary>
    public DateTime? ExpiresAt { get; private set; }

    public DateTime OccurredAt { get; private set; }

    public int Attempts { get; private set; }

    public DateTime NextAttemptAt { get; private set; }

    /// <summary>Until when an instance holds the row to post it; another instance skips it meanwhile.</summary>
    public DateTime? LeaseUntil { get; private set; }

    public string? LastError { get; private set; }

    public DateTime? DeliveredAt { get; private set; }

    /// <summary>Set when the last attempt failed: no further try.</summary>
    public DateTime? GaveUpAt { get; private set; }

    internal static AlertDelivery Create(
        Guid teamId, Guid? credentialId, string credentialName, string providerName, AlertKind kind,
        string status, string? reason, DateTime? expiresAt, DateTime at) => new()
    {
        TeamId = teamId,
        CredentialId = credentialId,
        CredentialName = credentialName,
        ProviderName = providerName,
        Kind = kind,
        Status = status,
        Reason = reason is { Length: > 1_000 } ? reason[..1_000] + "…" : reason,
        ExpiresAt = expiresAt,
        OccurredAt = at,
        NextAttemptAt = at,
    };
}
