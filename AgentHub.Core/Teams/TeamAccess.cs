using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Core.Teams;

/// <summary>Checks an actor's membership and role before a service reads or changes team data.</summary>
public sealed class TeamAccess(IDbContextFactory<AgentHubDbContext> factory)
{
    /// <summary>The actor's role in the team, or null when the user is not a member.</summary>
    public async Task<TeamRole?> RoleAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.TeamMembers
            .Where(m => m.TeamId == actor.TeamId && m.UserId == actor.UserId)
            .Select(m => (TeamRole?)m.Role)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Null when the actor may do this; otherwise the refusal. A non-member gets the same
    /// "no longer exists" as for a missing object, so nothing about another team leaks.
    /// </summary>
    public async Task<OperationError?> CheckAsync(Actor actor, TeamRole needed, string what, CancellationToken cancellationToken = default)
    {
        var role = await RoleAsync(actor, cancellationToken);
        if (role is null)
        {
            return OperationError.NotFound(what);
        }

        return role >= needed
            ? null
            : new OperationError(OperationErrorKind.Forbidden, $"Your role in this team ({role}) can only view. Ask a team admin to make this change.");
    }

    /// <summary>
    /// The first reason an admin's change may not run: the actor is not an admin of the team, or
    /// <paramref name="input"/> fails <paramref name="validator"/> (per field). Null when it may.
    /// </summary>
    public async Task<OperationError?> CheckAdminInputAsync<T>(
        Actor actor, string what, IValidator<T> validator, T input, CancellationToken cancellationToken = default)
    {
        if (await CheckAsync(actor, TeamRole.Admin, what, cancellationToken) is { } refused)
        {
            return refused;
        }

        var validation = await validator.ValidateAsync(input, cancellationToken);
        return validation.IsValid ? null : OperationError.FromValidation(validation);
    }

    /// <summary>Whether the actor is a member at all (for reads, which return nothing otherwise).</summary>
    public async Task<bool> IsMemberAsync(Actor actor, CancellationToken cancellationToken = default) =>
        await RoleAsync(actor, cancellationToken) is not null;
}
