using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentHub.Core.Credentials;

/// <summary>What the credential services share: the team limit, the clock, the summary a table shows, and the name rules.</summary>
public sealed class CredentialSupport(
    IDbContextFactory<AgentHubDbContext> factory,
    ProviderCatalog catalog,
    IOptionsMonitor<AgentHubOptions> options,
    TimeProvider time)
{
    private const string InterruptedMessage = "The verification was interrupted before the provider answered. Use Re-verify.";

    /// <summary>How many credentials a team may hold (<c>AgentHub:Limits:CredentialsPerTeam</c>).</summary>
    internal int Limit => options.CurrentValue.Limits.CredentialsPerTeam;

    internal DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>One credential as the table shows it, read again after a change.</summary>
    internal async Task<OperationResult<CredentialSummary>> SummaryAsync(Guid teamId, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var row = await db.Credentials.AsNoTracking()
            .Where(c => c.TeamId == teamId && c.Id == id)
            .Select(c => new { Credential = c, ModelCount = db.ModelConnections.Count(m => m.CredentialId == c.Id) })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null
            ? OperationError.NotFound("The credential")
            : OperationResult<CredentialSummary>.Ok(Summarize(row.Credential, row.ModelCount));
    }

    /// <summary>A credential as the table shows it; a create whose answer never came reads as interrupted.</summary>
    internal CredentialSummary Summarize(Credential c, int modelCount)
    {
        var status = c.DisplayStatus();
        var verification = options.CurrentValue.Verification;
        if (status == CredentialStatus.Verifying && Now - c.UpdatedAt > verification.Timeout + verification.InterruptedAfter)
        {
            // Only a create stores Verifying; long past the timeout, its answer will never come.
            return new(c.Id, c.Name, c.Description, c.ProviderId, catalog.Find(c.ProviderId)?.DisplayName ?? c.ProviderId,
                CredentialStatus.Failed, null, InterruptedMessage, null, c.SecretHint, modelCount, c.LastVerifiedAt, c.UpdatedAt, c.Version, c.LastCheckedAt) { ExpiresAt = c.ExpiresAt };
        }

        var reentry = status == CredentialStatus.NeedsReentry;
        return new(c.Id, c.Name, c.Description, c.ProviderId, catalog.Find(c.ProviderId)?.DisplayName ?? c.ProviderId,
            status, reentry ? null : c.FailureOutcome, reentry ? CredentialStatusExtensions.NeedsReentryMessage : c.StatusMessage,
            reentry ? null : c.StatusDetail, c.SecretHint, modelCount, c.LastVerifiedAt, c.UpdatedAt, c.Version,
            c.LastCheckedAt, status == CredentialStatus.Failed ? c.FailingSince : null) { ExpiresAt = c.ExpiresAt };
    }

    internal static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string> secrets) =>
        settings.Concat(secrets).ToDictionary();

    internal static Task<bool> NameTakenAsync(AgentHubDbContext db, Guid teamId, Guid exceptId, string name, CancellationToken cancellationToken)
    {
        var normalized = Credential.Normalize(name);
        return db.Credentials.AnyAsync(c => c.TeamId == teamId && c.Id != exceptId && c.NormalizedName == normalized, cancellationToken);
    }

    internal static OperationError DuplicateName(string name) =>
        OperationError.Field(nameof(CredentialInput.Name),
            $"Name is already used by another credential in this team (names ignore case): choose another than '{name.Trim()}'.");
}
