using AgentHub.Core;
using AgentHub.Core.Teams;
using AgentHub.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AgentHub.Web.Components.Pages.AgentHub.Members;

/// <summary>The Members tab's behaviour: members and pending invitations in one list, inviting, revoking and role changes.</summary>
public partial class MembersTab : TeamTabBase
{
    private IReadOnlyList<MemberRow> _rows = [];
    private string? _email;
    private string? _emailError;
    private TeamRole _role = TeamRole.Viewer;
    private bool _loaded;
    private bool _busy;
    private ShownLink? _shownLink;

    [Inject]
    private TeamService Teams { get; set; } = null!;

    [Inject]
    private InvitationService Invitations { get; set; } = null!;

    protected override async Task ReloadAsync()
    {
        if (Member is null)
        {
            _rows = [];
        }
        else
        {
            var members = await Teams.ListMembersAsync(Actor);
            var invitations = await Invitations.ListAsync(Actor);
            _rows = [.. members.Select(m => new MemberRow(m.Email, m.Role, m, null)), .. invitations.Select(i => new MemberRow(i.Email, i.Role, null, i))];
        }

        _loaded = true;
    }

    private async Task InviteAsync()
    {
        _emailError = null;
        if (Member is null || string.IsNullOrWhiteSpace(_email))
        {
            _emailError = "Email is required.";
            return;
        }

        _busy = true;
        try
        {
            var result = await Invitations.InviteAsync(Actor, _email, _role);
            if (!result.Succeeded)
            {
                _emailError = result.Error.Message;
                return;
            }

            var invited = result.Value;
            _shownLink = new ShownLink(invited.Invitation.Email, Navigation.ToAbsoluteUri($"account/invitation/{invited.Token}").AbsoluteUri);
            Snackbar.Add($"Invited {invited.Invitation.Email} as {invited.Invitation.Role}.", Severity.Success);
            _email = null;
            await ReloadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RevokeAsync(InvitationView invitation)
    {
        var result = await Invitations.RevokeAsync(Actor, invitation.Id);
        Report(result, $"Revoked the invitation of {invitation.Email}.");
        if (_shownLink?.Email == invitation.Email)
        {
            _shownLink = null;
        }

        await ReloadAsync();
    }

    private async Task ChangeRoleAsync(TeamMemberView member, TeamRole role)
    {
        var result = await Teams.ChangeRoleAsync(Actor, member.UserId, role);
        Report(result, $"{member.Email} is now {role}.");
        await AfterChangeAsync(member, result);
    }

    private async Task RemoveAsync(TeamMemberView member)
    {
        var result = await Teams.RemoveMemberAsync(Actor, member.UserId);
        Report(result, $"Removed {member.Email} from the team.");
        await AfterChangeAsync(member, result);
    }

    private async Task AfterChangeAsync(TeamMemberView member, OperationResult result)
    {
        if (result.Succeeded && member.UserId == Actor.UserId)
        {
            // The admin changed their own membership: every tab must show what they may do now.
            Navigation.NavigateTo(Navigation.Uri, forceLoad: true);
            return;
        }

        await ReloadAsync();
    }

    private void Report(OperationResult result, string success) =>
        Snackbar.Add(result.Succeeded ? success : result.Error.Message, result.Succeeded ? Severity.Success : Severity.Warning);

    /// <summary>One line of the list: a member, or an invitation not yet accepted.</summary>
    private sealed record MemberRow(string Email, TeamRole Role, TeamMemberView? Member, InvitationView? Invitation);

    /// <summary>The link of the invitation just created, shown until dismissed or the page is left.</summary>
    private sealed record ShownLink(string Email, string Link);
}
