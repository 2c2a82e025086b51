using AgentHub.Core.Health;

namespace AgentHub.Core.Credentials;

/// <summary>
/// A stored credential. Secret values live only in <see cref="ProtectedSecrets"/>, encrypted;
/// the clear columns hold nothing that could call a provider. Its state changes only through its
/// methods, which keep the rules: new secrets get a new <see cref="AuthVersion"/> and are readable,
/// every edit gets a new <see cref="Version"/>, a verification result sets the status and its reason together.
/// </summary>
public sealed class Credential
{
    // For EF Core, which sets the columns through the private setters.
    private Credential()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid TeamId { get; private set; }

    public Team? Team { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>
    /// <see cref="DisplayNames.Key"/> of <see cref="Name"/> (NFKC, upper case invariant); its unique
    /// index makes names unique per team, ignoring case and look-alike forms, on any database.
    /// </summary>
    public string NormalizedName { get; private set; } = "";

    public string? Description { get; private set; }

    /// <summary>The provider's catalog id; never changes after creation.</summary>
    public string ProviderId { get; private set; } = "";

    /// <summary>Non-secret field values (field key → value).</summary>
    public Dictionary<string, string> Settings { get; private set; } = [];

    /// <summary>Secret field values, encrypted with Data Protection.</summary>
    public string ProtectedSecrets { get; private set; } = "";

    /// <summary>What the UI may show of the key: <c>…a1b2</c> or a service account's e-mail.</summary>
    public string? SecretHint { get; private set; }

    public CredentialStatus Status { get; private set; }

    /// <summary>
    /// Set when the key ring could not decrypt <see cref="ProtectedSecrets"/> (recorded at the failed
    /// decryption and re-derived at every start), so lists show Needs re-entry without decrypting.
    /// Kept apart from <see cref="Status"/>, which comes back as it was if the key ring does.
    /// </summary>
    public bool SecretsUnreadable { get; private set; }

    /// <summary>The class of the last failed verification, when <see cref="Status"/> is Failed.</summary>
    public VerificationOutcome? FailureOutcome { get; private set; }

    /// <summary>The plain message of the last verification.</summary>
    public string? StatusMessage { get; private set; }

    /// <summary>The provider's redacted answer to the last verification.</summary>
    public string? StatusDetail { get; private set; }

    public DateTime? LastVerifiedAt { get; private set; }

    /// <summary>When the provider last answered a check of this credential (manual or scheduled, success or not).</summary>
    public DateTime? LastCheckedAt { get; private set; }

    /// <summary>When the credential went from not failed to Failed; kept while it keeps failing, cleared when it recovers.</summary>
    public DateTime? FailingSince { get; private set; }

    /// <summary>When the scheduled re-check is due (null: not scheduled yet). Written only by <c>CredentialHealthChecks</c>.</summary>
    public DateTime? NextCheckAt { get; private set; }

    /// <summary>The instance that holds the scheduled check of this credential until <see cref="CheckLeaseUntil"/>.</summary>
    public string? CheckLeaseOwner { get; private set; }

    /// <summary>When <see cref="CheckLeaseOwner"/>'s claim lapses (an instance that died mid-check frees it then).</summary>
    public DateTime? CheckLeaseUntil { get; private set; }

    /// <summary>
    /// How many scheduled checks in a row ended with an answer that says nothing about the key
    /// (<see cref="VerificationOutcomes.IsInconclusive"/>): the back-off doubles with each.
    /// </summary>
    public int InconclusiveChecks { get; private set; }

    /// <summary>
    /// When the key stops working, as its provider reported at the last successful verification
    /// (Databricks' token API); null where the provider does not say, or the key never expires.
    /// </summary>
    public DateTime? ExpiresAt { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>Optimistic concurrency token: replaced on every edit, so a second save made from a stale copy is refused.</summary>
    public Guid Version { get; private set; } = Guid.NewGuid();

    /// <summary>
    /// Replaced whenever the stored authentication details change. A verification result is
    /// recorded only against the details it tested: a rename meanwhile does not void it, a new key does.
    /// </summary>
    public Guid AuthVersion { get; private set; } = Guid.NewGuid();

    /// <summary>A new credential, Verifying with its provider until its first result is recorded.</summary>
    internal static Credential Create(
        Guid teamId, string name, string? description, ProviderSchema schema,
        Dictionary<string, string> settings, string protectedSecrets, string? secretHint, DateTime at) => new()
    {
        TeamId = teamId,
        Name = DisplayNames.Normalize(name),
        NormalizedName = Normalize(name),
        Description = Blank(description),
        ProviderId = schema.Id,
        Settings = settings,
        ProtectedSecrets = protectedSecrets,
        SecretHint = secretHint,
        Status = CredentialStatus.Verifying,
        StatusMessage = $"Verifying with {schema.DisplayName}…",
        CreatedAt = at,
        UpdatedAt = at,
    };

    /// <summary>Stores an edit of the clear fields; the edit gets a new <see cref="Version"/>.</summary>
    internal void Edit(string name, string? description, Dictionary<string, string> settings, DateTime at)
    {
        Name = DisplayNames.Normalize(name);
        NormalizedName = Normalize(name);
        Description = Blank(description);
        Settings = settings;
        UpdatedAt = at;
        Version = Guid.NewGuid();
    }

    /// <summary>
    /// Stores new secrets: they are readable again, and a verification of the old ones can no
    /// longer be recorded (new <see cref="AuthVersion"/>).
    /// </summary>
    internal void ReplaceSecrets(string protectedSecrets, string? secretHint)
    {
        ProtectedSecrets = protectedSecrets;
        SecretHint = secretHint;
        SecretsUnreadable = false;
        AuthVersion = Guid.NewGuid();
        InconclusiveChecks = 0;
    }

    /// <summary>
    /// Records the provider's answer: Verified (with the time) or Failed with its class, message and detail. An answer
    /// about the key ends a run of inconclusive ones; a Failed that is itself inconclusive (the provider down or out of
    /// reach) is checked again after the first back-off, not an interval later.
    /// </summary>
    internal void RecordVerification(VerificationResult result, DateTime at)
    {
        if (!result.Outcome.IsInconclusive())
        {
            InconclusiveChecks = 0;
        }
        else if (!result.Succeeded)
        {
            NextCheckAt = at + CredentialHealthChecks.FirstBackOff;
        }

        var failed = !result.Succeeded;
        FailingSince = !failed ? null : Status == CredentialStatus.Failed && FailingSince is not null ? FailingSince : at;
        LastCheckedAt = at;
        Status = result.Succeeded ? CredentialStatus.Verified : CredentialStatus.Failed;
        FailureOutcome = result.Succeeded ? null : result.Outcome;
        StatusMessage = result.Message;
        StatusDetail = result.Succeeded ? null : result.Detail;
        if (result.Succeeded)
        {
            LastVerifiedAt = at;
            ExpiresAt = result.ExpiresAt;
        }
    }

    /// <summary>Records that the key ring can no longer decrypt the secrets; the last answer is kept for when it can again.</summary>
    internal void MarkSecretsUnreadable() => SecretsUnreadable = true;

    internal static string Normalize(string name) => DisplayNames.Key(name);

    /// <summary>Null for blank text, else the text trimmed.</summary>
    internal static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
