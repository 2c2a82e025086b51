using AgentHub.Core.Activity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AgentHub.Core.Credentials;

/// <summary>
/// Keeps the trace of an edit of a credential that did not take effect: an Activity entry in its
/// own transaction (who, which fields, why; never values) and a log line. The refusal stands even
/// when the caller's own transaction did not.
/// </summary>
public sealed class CredentialEditRefusals(IDbContextFactory<AgentHubDbContext> factory, ActivityLog activity, ILogger<CredentialEditRefusals> logger)
{
    /// <summary>
    /// Records an edit that did not take effect (who, which fields, why: never values) in its own
    /// transaction, and returns the refusal for the caller to pass on.
    /// </summary>
    internal async Task<OperationError> RecordAsync(Actor actor, Credential current, CredentialEdit? edit, OperationError error, string reason)
    {
        var fields = edit?.ChangedFields ?? [];
        await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
        activity.Add(db, actor, ActivityActions.CredentialEditRefused, ActivityObjects.Credential, current.Id, current.Name,
            (fields.Count == 0 ? "" : "Changed: " + string.Join(", ", fields) + "; ") + reason);
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogInformation("Refused an edit of credential {CredentialId}: {Reason}", current.Id, reason);
        return error;
    }

    /// <summary>The reason recorded for an edit the validator refused: the labels of the fields at fault.</summary>
    internal static string Invalid(ProviderSchema schema, OperationError error) =>
        "Refused: invalid " + string.Join(", ", error.FieldErrors.Keys.Select(k => Label(schema, k)));

    private static string Label(ProviderSchema schema, string property) =>
        schema.Field(property)?.Label ?? property switch
        {
            nameof(CredentialInput.ProviderId) => "Provider",
            _ => property,
        };
}
