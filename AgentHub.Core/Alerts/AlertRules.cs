namespace AgentHub.Core.Alerts;

/// <summary>The fixed rules of alert delivery: when to try again, when to give up, when to warn of expiry.</summary>
public static class AlertRules
{
    /// <summary>The wait after each failed attempt: 30 s, 2 min, 10 min, 1 h, 3 h, 6 h; the seventh failure is the last.</summary>
    public static readonly IReadOnlyList<TimeSpan> Backoff =
    [
        TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10),
        TimeSpan.FromHours(1), TimeSpan.FromHours(3), TimeSpan.FromHours(6),
    ];

    /// <summary>How many times a message is posted before it is given up (about 10 h 42 min after the first try).</summary>
    public static int MaxAttempts => Backoff.Count + 1;

    /// <summary>How long before a key's reported expiry the Expiring alert is queued.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(7);

    /// <summary>How long one instance holds a message it is posting; longer than <see cref="PostTimeout"/>.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>How long the receiver has to answer one post.</summary>
    public static readonly TimeSpan PostTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The wait before attempt <paramref name="attemptsMade"/> + 1, or null when it was the last.</summary>
    public static TimeSpan? DelayAfter(int attemptsMade) => attemptsMade >= MaxAttempts ? null : Backoff[Math.Min(attemptsMade, Backoff.Count) - 1];
}
