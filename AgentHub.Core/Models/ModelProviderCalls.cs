using AgentHub.Core.Activity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;

namespace AgentHub.Core.Models;

/// <summary>
/// The calls a model makes to its provider with the team's key: the Connect dialog's suggestions
/// (cached briefly) and Test. Admins only: both spend the team's key.
/// </summary>
public sealed class ModelProviderCalls(
    IDbContextFactory<AgentHubDbContext> factory,
    ProviderCatalog catalog,
    CredentialVerification credentials,
    TeamAccess access,
    ActivityLog activity,
    ProviderVerifier provider,
    IMemoryCache cache,
    ILogger<ModelProviderCalls> logger)
{
    /// <summary>How long a provider's model list is reused for suggestions.</summary>
    public static readonly TimeSpan SuggestionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The provider's model IDs read with the credential, for the Connect dialog's suggestions.
    /// Cached briefly per credential and key; a failure is reported, not cached, and never blocks
    /// typing an ID by hand.
    /// </summary>
    public async Task<ModelSuggestions> SuggestAsync(Actor actor, Guid credentialId, CancellationToken cancellationToken = default)
    {
        // Reading the list calls the provider with the team's key: part of connecting, so admins only.
        if (await access.CheckAsync(actor, TeamRole.Admin, "The credential", cancellationToken) is { } refused)
        {
            return new ModelSuggestions([], refused.Message);
        }

        var (request, authVersion, error) = await credentials.OpenForCallAsync(actor, credentialId, cancellationToken);
        if (error is not null)
        {
            return new([], error.Message);
        }

        var key = (nameof(SuggestAsync), credentialId, authVersion);
        if (cache.TryGetValue(key, out IReadOnlyList<string>? cached) && cached is not null)
        {
            return new(cached, null);
        }

        var list = await provider.ListModelsAsync(request!, cancellationToken);
        if (!list.Result.Succeeded)
        {
            return new([], list.Result.Message);
        }

        cache.Set(key, list.Models, SuggestionLifetime);
        return new(list.Models, null);
    }

    /// <summary>
    /// Sends one short chat request, capped at one output token, to the model through its
    /// credential: the reply, the latency, or the error class and message. Costs money, so it runs
    /// only when an admin asks.
    /// </summary>
    public async Task<OperationResult<ProbeResult>> TestAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (await access.CheckAsync(actor, TeamRole.Admin, "The model", cancellationToken) is { } refused)
        {
            return refused;
        }

        ModelSummary? model;
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            var row = await db.ModelConnections.AsNoTracking().Include(m => m.Credential)
                .FirstOrDefaultAsync(m => m.TeamId == teamId && m.Id == id, cancellationToken);
            model = row is null ? null : ModelViews.Summarize(row, catalog);
        }

        if (model is null)
        {
            return OperationError.NotFound("The model");
        }

        if (model.Status != ModelStatus.Connected)
        {
            return new OperationError(OperationErrorKind.Conflict,
                $"'{model.ModelId}' is {model.Status}: {model.StatusReason}. Fix that first (Edit the model, or the credential on the Credentials tab).");
        }

        var (request, _, error) = await credentials.OpenForCallAsync(actor, model.CredentialId!.Value, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var probe = await provider.ProbeAsync(request!, model.ModelId, cancellationToken);
        logger.LogInformation("Tested model {ModelConnectionId}: {Outcome} in {LatencyMs} ms", id, probe.Result.Outcome, (int)probe.Latency.TotalMilliseconds);
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            activity.Add(db, actor, ActivityActions.ModelTested, ActivityObjects.Model, id, model.ModelId, $"Result: {probe.Result.Outcome} in {(int)probe.Latency.TotalMilliseconds} ms");
            await db.SaveChangesAsync(cancellationToken);
        }

        return OperationResult<ProbeResult>.Ok(probe);
    }
}
