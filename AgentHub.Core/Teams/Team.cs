namespace AgentHub.Core.Teams;

/// <summary>A team: the unit that owns credentials and models, and that the credential limit counts in.</summary>
public sealed class Team
{
    /// <summary>The name of the team created on first start, until sign-in brings real teams.</summary>
    public const string DefaultName = "Default team";

    /// <summary>The longest team name, in characters.</summary>
    public const int NameMaxLength = 100;

    /// <summary>Said when a team name is blank or longer than <see cref="NameMaxLength"/>.</summary>
    public static readonly string NameRule = $"Team name is required, up to {NameMaxLength} characters.";

    public Guid Id { get; set; } = Guid.NewGuid();

    public required string Name { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// Bumped at the start of every transaction that must be serialised per team (creating a
    /// credential against the limit). The update takes the team row's write lock on any database.
    /// </summary>
    public long Revision { get; set; }
}
