namespace AgentHub.Core.Activity;

/// <summary>
/// The action names an Activity entry stores. Stored as these exact words (existing rows and the
/// Activity tab read them), so a writer names its action from here, never by a new literal.
/// </summary>
public static class ActivityActions
{
    public const string CredentialCreated = "Credential created";
    public const string CredentialEdited = "Credential edited";
    public const string CredentialEditRefused = "Credential edit refused";
    public const string CredentialVerified = "Credential verified";
    public const string CredentialStatusChanged = "Credential status changed";
    public const string CredentialDeleted = "Credential deleted";
    public const string ModelConnected = "Model connected";
    public const string ModelEdited = "Model edited";
    public const string ModelTested = "Model tested";
    public const string ModelDeleted = "Model deleted";
    public const string AgentKeyCreated = "Agent key created";
    public const string AgentKeyRevoked = "Agent key revoked";
    public const string TeamCreated = "Team created";
    public const string InvitationCreated = "Invitation created";
    public const string InvitationRevoked = "Invitation revoked";
    public const string InvitationAccepted = "Invitation accepted";
    public const string MemberRoleChanged = "Member role changed";
    public const string MemberRemoved = "Member removed";
    public const string AlertWebhookChanged = "Alert webhook changed";
    public const string AlertWebhookRemoved = "Alert webhook removed";
    public const string AlertSigningSecretRotated = "Alert signing secret rotated";
}

/// <summary>The kinds of object an Activity entry names (the tab's Object filter matches them too).</summary>
public static class ActivityObjects
{
    public const string Credential = "Credential";
    public const string Model = "Model";
    public const string AgentKey = "Agent key";
    public const string Team = "Team";
    public const string Invitation = "Invitation";
    public const string Member = "Member";
    public const string AlertWebhook = "Alert webhook";
}
