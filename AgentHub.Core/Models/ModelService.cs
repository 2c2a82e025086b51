using System.Globalization;
using System.Text.Json;
using AgentHub.Core.Activity;
using AgentHub.Core.Credentials;
using AgentHub.Core.Persistence;
using AgentHub.Core.Providers;
using AgentHub.Core.Security;
using AgentHub.Core.Teams;
using AgentHub.Core.Verification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;

namespace AgentHub.Core.Models;

/// <summary>
/// Connects, edits and deletes a team's models. A model only attaches to a Verified credential
/// of its own provider; its displayed status follows its credential.
/// </summary>
public sealed class ModelService(
    IDbContextFactory<AgentHubDbContext> factory,
    ProviderCatalog catalog,
    ModelInputValidator validator,
    CredentialService credentials,
    TeamAccess access,
    ActivityLog activity,
    ProviderVerifier provider,
    IMemoryCache cache,
    TimeProvider time,
    ILogger<ModelService> logger)
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
            model = row is null ? null : Summarize(row);
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

        var probe = Redacted(await provider.ProbeAsync(request!, model.ModelId, cancellationToken), request!.Secrets.ToList());
        logger.LogInformation("Tested model {ModelConnectionId}: {Outcome} in {LatencyMs} ms", id, probe.Result.Outcome, (int)probe.Latency.TotalMilliseconds);
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            activity.Add(db, actor, "Model tested", "Model", id, model.ModelId, $"Result: {probe.Result.Outcome} in {(int)probe.Latency.TotalMilliseconds} ms");
            await db.SaveChangesAsync(cancellationToken);
        }

        return OperationResult<ProbeResult>.Ok(probe);
    }

    /// <summary>A probe's message, detail and reply with the credential's secrets masked: the reply is the model's own text.</summary>
    private static ProbeResult Redacted(ProbeResult probe, IReadOnlyList<string> secrets) => probe with
    {
        Result = probe.Result with
        {
            Message = Redactor.Redact(probe.Result.Message, secrets),
            Detail = probe.Result.Detail is null ? null : Redactor.Redact(probe.Result.Detail, secrets),
        },
        Reply = probe.Reply is null ? null : Redactor.Redact(probe.Reply, secrets),
    };

    /// <summary>The team's models, by model ID, with their status derived from their credential.</summary>
    public async Task<IReadOnlyList<ModelSummary>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return [];
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var models = await db.ModelConnections.AsNoTracking()
            .Include(m => m.Credential)
            .Where(m => m.TeamId == teamId)
            .ToListAsync(cancellationToken);
        return models
            .Select(Summarize)
            .OrderBy(m => m.ModelId, StringComparer.OrdinalIgnoreCase)
            .ThenBy(m => m.CredentialName, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>One model for the edit form, or null.</summary>
    public async Task<ModelDetails?> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return null;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var model = await db.ModelConnections.AsNoTracking().FirstOrDefaultAsync(m => m.TeamId == teamId && m.Id == id, cancellationToken);
        return model is null
            ? null
            : new(model.Id, model.ProviderId, new ModelInput
            {
                CredentialId = model.CredentialId,
                ModelId = model.ModelId,
                Alias = model.Alias,
                Temperature = model.Temperature,
                MaxTokens = model.MaxTokens,
                TopP = model.TopP,
                AdditionalParameters = model.AdditionalParameters,
            }, model.Version);
    }

    /// <summary>Connects a model through a Verified credential; the provider follows from the credential.</summary>
    public async Task<OperationResult<ModelSummary>> ConnectAsync(Actor actor, ModelInput input, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (await access.CheckAsync(actor, TeamRole.Admin, "The team", cancellationToken) is { } refused)
        {
            return refused;
        }

        var validation = await validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid)
        {
            return OperationError.FromValidation(validation);
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var credential = await db.Credentials.FirstOrDefaultAsync(c => c.TeamId == teamId && c.Id == input.CredentialId, cancellationToken);
        if (UsableCredentialProblem(credential, providerId: null) is { } problem)
        {
            return problem;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var model = new ModelConnection
        {
            TeamId = teamId,
            CredentialId = credential!.Id,
            Credential = credential,
            ProviderId = credential.ProviderId,
            State = ModelState.Connected,
            ConnectedAt = now,
            UpdatedAt = now,
            ModelId = input.ModelId.Trim(),
        };
        Apply(input, model);
        if (await AliasTakenAsync(db, model, cancellationToken) is { } taken)
        {
            return taken;
        }

        db.ModelConnections.Add(model);
        activity.Add(db, actor, "Model connected", "Model", model.Id, model.ModelId, $"Credential '{credential.Name}'");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        logger.LogInformation("Connected model {ModelConnectionId} through credential {CredentialId}", model.Id, credential.Id);
        return OperationResult<ModelSummary>.Ok(Summarize(model));
    }

    /// <summary>
    /// Saves an edit: parameters, and possibly another Verified credential of the same provider.
    /// Attaching an Invalid model to a credential makes it Connected again.
    /// </summary>
    public async Task<OperationResult<ModelSummary>> UpdateAsync(
        Actor actor, Guid id, ModelInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (await access.CheckAsync(actor, TeamRole.Admin, "The model", cancellationToken) is { } refused)
        {
            return refused;
        }

        var validation = await validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid)
        {
            return OperationError.FromValidation(validation);
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var model = await db.ModelConnections.Include(m => m.Credential).FirstOrDefaultAsync(m => m.TeamId == teamId && m.Id == id, cancellationToken);
        if (model is null)
        {
            return OperationError.NotFound("The model");
        }

        if (model.Version != expectedVersion)
        {
            return OperationError.ChangedElsewhere("model");
        }

        var changed = ChangedFields(model, input);
        if (input.CredentialId != model.CredentialId)
        {
            var credential = await db.Credentials.FirstOrDefaultAsync(c => c.TeamId == teamId && c.Id == input.CredentialId, cancellationToken);
            if (UsableCredentialProblem(credential, model.ProviderId) is { } problem)
            {
                return problem;
            }

            model.Credential = credential;
            model.CredentialId = credential!.Id;
            model.State = ModelState.Connected;
            model.InvalidReason = null;
        }

        db.Entry(model).Property(m => m.Version).OriginalValue = expectedVersion;
        model.ModelId = input.ModelId.Trim();
        Apply(input, model);
        if (await AliasTakenAsync(db, model, cancellationToken) is { } taken)
        {
            return taken;
        }

        model.UpdatedAt = time.GetUtcNow().UtcDateTime;
        model.Version = Guid.NewGuid();
        activity.Add(db, actor, "Model edited", "Model", model.Id, model.ModelId, changed.Count == 0 ? "No field changed" : "Changed: " + string.Join(", ", changed));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return OperationError.ChangedElsewhere("model");
        }

        return OperationResult<ModelSummary>.Ok(Summarize(model));
    }

    /// <summary>Deletes a model connection.</summary>
    public async Task<OperationResult<bool>> DeleteAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (await access.CheckAsync(actor, TeamRole.Admin, "The model", cancellationToken) is { } refused)
        {
            return refused;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var name = await db.ModelConnections.Where(m => m.TeamId == teamId && m.Id == id).Select(m => m.ModelId).FirstOrDefaultAsync(cancellationToken);
        if (name is null)
        {
            return OperationError.NotFound("The model");
        }

        await db.ModelConnections.Where(m => m.TeamId == teamId && m.Id == id).ExecuteDeleteAsync(cancellationToken);
        activity.Add(db, actor, "Model deleted", "Model", id, name);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return OperationResult<bool>.Ok(true);
    }

    /// <summary>Why this credential cannot carry a model (of <paramref name="providerId"/>, when given), or null when it can.</summary>
    private OperationError? UsableCredentialProblem(Credential? credential, string? providerId)
    {
        const string Field = nameof(ModelInput.CredentialId);
        if (credential is null)
        {
            return OperationError.Field(Field, "Credential no longer exists: choose another Verified credential.");
        }

        if (providerId is not null && credential.ProviderId != providerId)
        {
            var provider = catalog.Find(providerId)?.DisplayName ?? providerId;
            return OperationError.Field(Field, $"Credential must be a {provider} credential: a model cannot move to another provider.");
        }

        var status = credential.DisplayStatus();
        return status == CredentialStatus.Verified
            ? null
            : OperationError.Field(Field, $"Credential '{credential.Name}' is {Describe(status)}: only Verified credentials can be used. Fix it on the Credentials tab first.");
    }

    /// <summary>A model's displayed status and why, from its stored state and its credential (loaded with it).</summary>
    internal static (ModelStatus Status, string? Reason) StatusOf(ModelConnection m) => (m.State, m.Credential) switch
    {
        (ModelState.Invalid, _) => (ModelStatus.Invalid, m.InvalidReason),
        (_, null) => (ModelStatus.Invalid, m.InvalidReason ?? "Its credential was deleted"),
        (_, var c) when c.DisplayStatus() is var s and not CredentialStatus.Verified =>
            (ModelStatus.Unavailable, $"Credential '{c.Name}' is {Describe(s)}"),
        _ => (ModelStatus.Connected, null),
    };

    private ModelSummary Summarize(ModelConnection m)
    {
        var (status, reason) = StatusOf(m);
        return new(m.Id, m.ModelId, m.ProviderId, catalog.Find(m.ProviderId)?.DisplayName ?? m.ProviderId,
            m.CredentialId, m.Credential?.Name, SummarizeParameters(m), status, reason, m.ConnectedAt, m.Version)
        {
            Alias = m.Alias,
        };
    }

    /// <summary>The names of the fields an edit changes.</summary>
    private static List<string> ChangedFields(ModelConnection stored, ModelInput input)
    {
        var changed = new List<string>();
        void Check(bool differs, string field)
        {
            if (differs)
            {
                changed.Add(field);
            }
        }

        Check(stored.CredentialId != input.CredentialId, "Credential");
        Check(stored.ModelId != input.ModelId.Trim(), "Model name or ID");
        Check(stored.Alias != (string.IsNullOrWhiteSpace(input.Alias) ? input.ModelId.Trim() : input.Alias.Trim()), "Alias");
        Check(stored.Temperature != input.Temperature, "Temperature");
        Check(stored.MaxTokens != input.MaxTokens, "Max tokens");
        Check(stored.TopP != input.TopP, "Top P");
        Check(stored.AdditionalParameters != (string.IsNullOrWhiteSpace(input.AdditionalParameters) ? null : input.AdditionalParameters.Trim()), "Additional parameters");
        return changed;
    }

    /// <summary>Refuses an alias another model of the team already answers to (ignoring case), at the Alias field.</summary>
    private static async Task<OperationError?> AliasTakenAsync(AgentHubDbContext db, ModelConnection model, CancellationToken cancellationToken)
    {
        var taken = await db.ModelConnections.AnyAsync(
            m => m.TeamId == model.TeamId && m.Id != model.Id && m.NormalizedAlias == model.NormalizedAlias, cancellationToken);
        return taken
            ? OperationError.Field(nameof(ModelInput.Alias),
                $"Alias '{model.Alias}' is already used by another model in this team (aliases ignore case): type another Alias, since agents name the model by it.")
            : null;
    }

    private static void Apply(ModelInput input, ModelConnection model)
    {
        model.Alias = string.IsNullOrWhiteSpace(input.Alias) ? model.ModelId : input.Alias.Trim();
        model.NormalizedAlias = ModelConnection.NormalizeAlias(model.Alias);
        model.Temperature = input.Temperature;
        model.MaxTokens = input.MaxTokens;
        model.TopP = input.TopP;
        model.AdditionalParameters = string.IsNullOrWhiteSpace(input.AdditionalParameters) ? null : input.AdditionalParameters.Trim();
    }

    /// <summary>"temperature 0.7 · max tokens 512 · +2 more", or "Provider defaults".</summary>
    internal static string SummarizeParameters(ModelConnection m)
    {
        var parts = new List<string>();
        if (m.Temperature is { } t)
        {
            parts.Add("temperature " + t.ToString(CultureInfo.InvariantCulture));
        }

        if (m.MaxTokens is { } max)
        {
            parts.Add("max tokens " + max.ToString(CultureInfo.InvariantCulture));
        }

        if (m.TopP is { } p)
        {
            parts.Add("top P " + p.ToString(CultureInfo.InvariantCulture));
        }

        if (m.AdditionalParameters is { } json)
        {
            using var document = JsonDocument.Parse(json);
            var extra = document.RootElement.EnumerateObject().Count();
            if (extra > 0)
            {
                parts.Add($"+{extra} more");
            }
        }

        return parts.Count == 0 ? "Provider defaults" : string.Join(" · ", parts);
    }

    private static string Describe(CredentialStatus status) => status switch
    {
        CredentialStatus.NeedsReentry => "Needs re-entry",
        _ => status.ToString(),
    };
}
