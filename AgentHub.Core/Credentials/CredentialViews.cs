namespace AgentHub.Core.Credentials;

/// <summary>A credential as the table shows it: no secret, only the hint.</summary>
public sealed record CredentialSummary(
    Guid Id,
    string Name,
    string? Description,
    string ProviderId,
    string ProviderName,
    CredentialStatus Status,
    VerificationOutcome? FailureOutcome,
    string? StatusMessage,
    string? StatusDetail,
    string? SecretHint,
    int ModelCount,
    DateTime? LastVerifiedAt,
    DateTime UpdatedAt,
    Guid Version,
    DateTime? LastCheckedAt = null,
    DateTime? FailingSince = null)
{
    /// <summary>When the provider says the key expires (UTC); null where it does not tell.</summary>
    public DateTime? ExpiresAt { get; init; }
}

/// <summary>
/// A credential as the edit form needs it: its clear settings, and which secret fields hold a
/// stored value, never the values themselves.
/// </summary>
public sealed record CredentialDetails(
    Guid Id,
    string Name,
    string? Description,
    string ProviderId,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlySet<string> StoredSecretFields,
    string? SecretHint,
    CredentialStatus Status,
    Guid Version)
{
    /// <summary>What an edit of this credential starts from.</summary>
    public StoredCredential Stored => new(Name, Description, Settings, StoredSecretFields);

    /// <summary>An edit form's starting input: the settings filled in, every secret field blank.</summary>
    public CredentialInput ToInput() => new()
    {
        Name = Name,
        Description = Description,
        ProviderId = ProviderId,
        Values = Settings.ToDictionary(kv => kv.Key, kv => (string?)kv.Value),
        IsEdit = true,
    };
}

/// <summary>A credential as a picker offers it: only a Verified one can be chosen, the others show their status.</summary>
public sealed record CredentialChoice(Guid Id, string Name, string ProviderId, string ProviderName, CredentialStatus Status);

/// <summary>How many credentials a team holds against its limit.</summary>
public sealed record CredentialQuota(int Count, int Limit)
{
    public bool IsFull => Count >= Limit;
}
