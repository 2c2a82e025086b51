namespace AgentHub.Core.Verification;

/// <summary>
/// What a provider said about a credential, in words an admin can act on.
/// </summary>
/// <param name="Outcome">The class of the answer.</param>
/// <param name="Message">A plain sentence saying what is wrong and what to do.</param>
/// <param name="Detail">The provider's own message with every secret redacted, for the "Details" expander.</param>
public sealed record VerificationResult(VerificationOutcome Outcome, string Message, string? Detail = null)
{
    /// <summary>Whether the provider accepted the credential.</summary>
    public bool Succeeded => Outcome == VerificationOutcome.Verified;

    /// <summary>When the provider says the key expires (UTC), on a success where it tells; null where it does not.</summary>
    public DateTime? ExpiresAt { get; init; }

    /// <summary>A success with the standard message.</summary>
    public static VerificationResult Verified(string providerName) =>
        new(VerificationOutcome.Verified, $"{providerName} accepted the credential.");

    /// <summary>A result of <paramref name="outcome"/> with its standard message for <paramref name="providerName"/>.</summary>
    public static VerificationResult Failed(VerificationOutcome outcome, string providerName, string? detail = null) =>
        new(outcome, VerificationMessages.For(outcome, providerName), detail);

    /// <summary>This result with every form of <paramref name="secrets"/> masked in its message and detail (<see cref="Redactor"/>).</summary>
    public VerificationResult Redacted(IReadOnlyList<string> secrets) => this with
    {
        Message = Redactor.Redact(Message, secrets),
        Detail = Detail is null ? null : Redactor.Redact(Detail, secrets),
    };
}
