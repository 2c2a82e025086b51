namespace AgentHub.Core.Activity;

/// <summary>
/// One change in a team: who did what to which object, when. Details name fields and result
/// classes, never values, so the log holds no secret.
/// </summary>
public sealed class ActivityEntry
{
    /// <summary>The longest <see cref="Details"/> the store holds.</summary>
    public const int DetailsMaxLength = 500;

    public long Id { get; set; }

    public Guid TeamId { get; set; }

    public required string UserId { get; set; }

    public DateTime At { get; set; }

    /// <summary>What happened, e.g. "Credential created".</summary>
    public required string Action { get; set; }

    /// <summary>"Credential", "Model" or "Member".</summary>
    public required string ObjectKind { get; set; }

    public required string ObjectId { get; set; }

    /// <summary>The object's name at the time (credential name, model ID).</summary>
    public required string ObjectName { get; set; }

    public string? Details { get; set; }
}

/// <summary>An entry as the Activity tab shows it.</summary>
public sealed record ActivityView(DateTime At, string User, string Action, string ObjectKind, string ObjectName, string? Details);
