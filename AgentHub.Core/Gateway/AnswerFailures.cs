using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace AgentHub.Core.Gateway;

/// <summary>
/// A provider's answer that fails while the gateway reads it, whole or streamed: it breaks off (a reset stream, a
/// body cut short, a closed connection) or cannot be read (not JSON, not the provider's shape). Either is the
/// provider's failure, told to the agent and counted as <see cref="VerificationOutcome.ProviderError"/>, not an error
/// of Agent Hub's; the exception's own text is not passed on.
/// </summary>
internal static class AnswerFailures
{
    /// <summary>What the agent is told when the answer broke off.</summary>
    public const string BrokeOff = "The provider's answer broke off before it was complete.";

    /// <summary>Whether <paramref name="e"/> is the provider's connection breaking, not the agent leaving its call.</summary>
    public static bool IsBreak(Exception e, CancellationToken agentCall) =>
        e is IOException or HttpRequestException && !agentCall.IsCancellationRequested;

    /// <summary>
    /// Whether <paramref name="e"/> is a dialect failing to read what the provider sent: not JSON, a value of another
    /// kind, a missing field or an empty list where one was expected (a disposed stream is not).
    /// </summary>
    public static bool IsUnreadable(Exception e) =>
        e is JsonException or FormatException or KeyNotFoundException or InvalidDataException or ArgumentOutOfRangeException
            or (InvalidOperationException and not ObjectDisposedException);

    /// <summary>What the agent is told when the answer could not be read.</summary>
    public static string Unreadable(Exception e) => $"The provider's answer could not be read ({e.GetType().Name}).";

    /// <summary>
    /// Logs an unreadable answer as a warning, so that a dialect's own bug does not pass unseen as the provider's failure:
    /// the exception's type and the method that threw it, never its message (which may quote what the provider sent).
    /// </summary>
    public static void LogUnreadable(ILogger logger, Exception e, string providerId) =>
        logger.LogWarning("The answer of {ProviderId} to a gateway call could not be read: {ExceptionType} in {Method}; the agent was told ProviderError",
            providerId, e.GetType().Name, $"{e.TargetSite?.DeclaringType?.Name}.{e.TargetSite?.Name}");
}
