using AgentHub.Web.Accounts;

namespace AgentHub.Web.Components.Shared;

/// <summary>What every tab needs to know about who is acting: the member, their team and whether they may change things.</summary>
public abstract class TeamComponentBase : ComponentBase
{
    private static readonly Actor NoTeam = new("", Guid.Empty);

    [Inject]
    private ICurrentMember CurrentMember { get; set; } = null!;

    /// <summary>The signed-in member, once <see cref="LoadMemberAsync"/> ran; null for a user in no team.</summary>
    protected Member? Member { get; private set; }

    /// <summary>Who acts; a user in no team acts nowhere and the services return nothing.</summary>
    protected Actor Actor => Member?.Actor ?? NoTeam;

    /// <summary>Whether the member may create, edit, verify, test and delete (an admin).</summary>
    protected bool CanChange => Member?.IsAdmin == true;

    protected async Task LoadMemberAsync() => Member = await CurrentMember.GetAsync();
}
