using AgentHub.Core.Security;
using AgentHub.Core.Teams;
using AgentHub.Core.Verification;

namespace AgentHub.Core.Credentials;

/// <summary>
/// A stored credential. Secret values live only in <see cref="ProtectedSecrets"/>, encrypted;
/// the clear columns hold nothing that could call a provider.
/// </summary>
public sealed class Credential
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid TeamId { get; set; }

    public Team? Team { get; set; }

    public required string Name { get; set; }

    /// <summary>
    /// <see cref="DisplayNames.Key"/> of <see cref="Name"/> (NFKC, upper case invariant); its unique
    /// index makes names unique per team, ignoring case and look-alike forms, on any database.
    /// </summary>
    public required string NormalizedName { get; set; }

    public string? Description { get; set; }

    /// <summary>The provider's catalog id; never changes after creation.</summary>
    public required string ProviderId { get; set; }

    /// <summary>Non-secret field values (field key → value).</summary>
    public Dictionary<string, string> Settings { get; set; } = [];

    /// <summary>Secret field values, encrypted with Data Protection.</summary>
    public required string ProtectedSecrets { get; set; }

    /// <summary>What the UI may show of the key: <c>…a1b2</c> or a service account's e-mail.</summary>
    public string? SecretHint { get; set; }

    public CredentialStatus Status { get; set; }

    /// <summary>
    /// Set when the key ring could not decrypt <see cref="ProtectedSecrets"/> (recorded at the failed
    /// decryption and re-derived at every start), so lists show Needs re-entry without decrypting.
    /// Kept apart from <see cref="Status"/>, which comes back as it was if the key ring does.
    /// </summary>
    public bool SecretsUnreadable { get; set; }

    /// <summary>The class of the last failed verification, when <see cref="Status"/> is Failed.</summary>
    public VerificationOutcome? FailureOutcome { get; set; }

    /// <summary>The plain message of the last verification.</summary>
    public string? StatusMessage { get; set; }

    /// <summary>The provider's redacted answer to the last verification.</summary>
    public string? StatusDetail { get; set; }

    public DateTime? LastVerifiedAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token: replaced on every edit, so a second save made from a stale copy is refused.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    /// <summary>
    /// Replaced whenever the stored authentication details change. A verification result is
    /// recorded only against the details it tested: a rename meanwhile does not void it, a new key does.
    /// </summary>
    public Guid AuthVersion { get; set; } = Guid.NewGuid();

    internal static string Normalize(string name) => DisplayNames.Key(name);
}
