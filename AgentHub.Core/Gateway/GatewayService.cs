using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentHub.Core.Activity;
using AgentHub.Core.AgentKeys;
using AgentHub.Core.Usage;
using AgentHub.Core.Verification.Clients;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentHub.Core.Gateway;

/// <summary>
/// The door agents use: resolves the model an agent key names by its alias, adds the stored
/// credential and the model's parameters (defaults the request may override), calls the
/// provider through the same guarded client and TLS trust as verification, and turns the
/// provider's answer, or its refusal, into OpenAI's format.
/// </summary>
public sealed class GatewayService(
    IDbContextFactory<AgentHubDbContext> factory,
    ProviderCatalog catalog,
    SecretProtector protector,
    IServiceScopeFactory scopes,
    ProviderClients clients,
    ProviderVerifier verifier,
    ChatDialects dialects,
    IHttpClientFactory httpClients,
    GatewayDirectory directory,
    ActivityLog activity,
    IOptionsMonitor<AgentHubOptions> options,
    ILogger<GatewayService> logger)
{
    /// <summary>The named HttpClient of gateway calls (registered with the outbound guard's handler).</summary>
    public const string HttpClientName = "AgentHub.Gateway";

    // A whole (not streamed) answer is read up to this size; chat answers are far smaller.
    private const int MaxAnswerBytes = 16 * 1024 * 1024;

    // The provider refused the credential itself: the credential turns Failed, as a Re-verify would make it.
    private static readonly HashSet<VerificationOutcome> CredentialRefusals =
        [VerificationOutcome.InvalidKey, VerificationOutcome.OrganizationMismatch, VerificationOutcome.InvalidServiceAccount];

    /// <summary>The models the key may call, by alias.</summary>
    public async Task<IReadOnlyList<GatewayModel>> ListModelsAsync(AgentKeyIdentity key, CancellationToken cancellationToken = default)
    {
        var snapshot = await directory.CurrentAsync(cancellationToken);
        return snapshot.Models(key)
            .Select(m => new GatewayModel(m.Alias, m.ProviderId, m.ConnectedAt))
            .OrderBy(m => m.Alias, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>
    /// Runs one OpenAI Chat Completions request for the key. <paramref name="meter"/>, when given,
    /// learns the model, the provider, the first token's time and the provider's token counts.
    /// The call takes <paramref name="request"/> over and changes it (the model's defaults, then the
    /// dialect's own fields such as the provider's model ID): pass a fresh copy to each call.
    /// </summary>
    public async Task<GatewayResult> ChatAsync(
        AgentKeyIdentity key, JsonObject request, UsageMeter? meter = null, CancellationToken cancellationToken = default)
    {
        meter ??= new UsageMeter(TimeProvider.System);
        if (GatewayRequest.Check(request, out var alias) is { } problem)
        {
            return problem;
        }

        meter.ModelAlias = alias;
        var snapshot = await directory.CurrentAsync(cancellationToken);
        var model = snapshot.FindModel(key, alias);
        if (model is null)
        {
            return GatewayError.ModelNotFound(alias);
        }

        meter.ModelAlias = model.Alias;
        meter.ProviderId = model.ProviderId;
        var (status, reason) = ModelViews.StatusOf(model);
        var secrets = status == ModelStatus.Connected ? snapshot.Secrets(model.Credential!, protector) : null;
        var readable = secrets is not null;
        if (status == ModelStatus.Connected && !readable)
        {
            // Recorded once: the write drops the snapshot, and the next one reads the credential as Needs re-entry.
            await factory.MarkSecretsUnreadableAsync(activity, model.Credential!.Id);
        }

        if (!readable || model.Credential is not { } credential)
        {
            return new GatewayError(409, "invalid_request_error", status == ModelStatus.Invalid ? "model_invalid" : "model_unavailable",
                $"The model '{model.Alias}' is {(status == ModelStatus.Connected ? ModelStatus.Unavailable : status)}: {reason ?? "its credential cannot be read"}. A team admin can fix it on the Models or Credentials tab.");
        }

        var schema = catalog.Get(credential.ProviderId);
        if (dialects.For(schema.Id) is not { } dialect || clients.For(schema.Id) is not ProviderClient client)
        {
            return new GatewayError(501, "server_error", "provider_not_supported", $"The gateway cannot yet speak {schema.DisplayName}'s chat API.");
        }

        var call = new VerificationRequest(schema, credential.Settings.Concat(secrets!).ToDictionary());
        var body = GatewayRequest.WithModelDefaults(request, model);
        var stream = GatewayRequest.Streamed(body);
        meter.Streamed = stream;
        // Read before the dialect adds its own stream options to the body (it asks providers for usage to meter it).
        var includeUsage = GatewayRequest.IncludesUsage(body);

        var (target, failure) = await verifier.OpenTargetAsync(client, call, cancellationToken);
        if (failure is not null)
        {
            return await RefusedAsync(key, credential, failure, null, null, cancellationToken);
        }

        var context = new ChatDialectContext(model.ModelId, model.Alias, stream, target!.ModelsPath);
        ProviderChatRequest providerRequest;
        try
        {
            providerRequest = dialect.ToProvider(body, context);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or JsonException)
        {
            target.Dispose();
            return GatewayError.BadRequest("The request cannot be sent to this model: " + e.Message);
        }

        // A credential's own CA travels with its target's client; every other call shares the gateway's pools.
        var http = target.HasOwnTrust ? target.Http : httpClients.CreateClient(HttpClientName);
        var limit = options.CurrentValue.Gateway.Timeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        HttpResponseMessage response;
        try
        {
            using var message = target.Request(HttpMethod.Post, providerRequest.RelativePath, providerRequest.Body);
            // HTTP/2 where the provider offers it (many calls share one connection), else HTTP/1.1.
            message.Version = HttpVersion.Version20;
            message.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
            if (ProviderClient.ReadyToSend(message, schema.Id) is { } refused)
            {
                target.Dispose();
                return GatewayError.FromProvider(refused);
            }

            response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            target.Dispose();
            return GatewayError.TimedOut(schema, limit);
        }
        catch (Exception e) when (ProviderClient.ClassifyTransport(e, call, cancellationToken) is { } transport)
        {
            target.Dispose();
            return GatewayError.FromProvider(transport);
        }

        if (!response.IsSuccessStatusCode)
        {
            using (target)
            using (response)
            {
                var refusal = await client.ClassifyFailureAsync(response, call, target, cancellationToken);
                return await RefusedAsync(key, credential, refusal, (int)response.StatusCode, RetryAfter(response), cancellationToken);
            }
        }

        // Debug, not Information: one line per call would cost more than the gateway itself (usage records every call).
        // Checked first: the arguments would be boxed into an array on every call even with Debug off.
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug("Gateway call to {ProviderId} model connection {ModelConnectionId} by agent key {AgentKeyId}: HTTP {Status}",
                schema.Id, model.Id, key.Id, (int)response.StatusCode);
        }

        if (stream)
        {
            var providerStream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var chunks = GatewayStreamRelay.Relay(dialect.FromProviderStream(providerStream, context, cancellationToken), includeUsage,
                call.Secrets.Concat(target.Secrets).ToList(), meter, logger, schema.Id, cancellationToken);
            return GatewayAnswer.Streamed(chunks, response, target);
        }

        using (target)
        using (response)
        {
            try
            {
                var answer = await ReadWholeAsync(response, timeout.Token);
                var completion = dialect.FromProvider(answer, context);
                meter.ReadUsage(completion);
                return GatewayAnswer.Whole(completion);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return GatewayError.TimedOut(schema, limit);
            }
            catch (Exception e) when (AnswerFailures.IsUnreadable(e))
            {
                AnswerFailures.LogUnreadable(logger, e, schema.Id);
                return GatewayError.FromProvider(VerificationResult.Failed(VerificationOutcome.ProviderError, schema.DisplayName, AnswerFailures.Unreadable(e)));
            }
            catch (Exception e) when (AnswerFailures.IsBreak(e, cancellationToken))
            {
                return GatewayError.FromProvider(VerificationResult.Failed(VerificationOutcome.ProviderError, schema.DisplayName, AnswerFailures.BrokeOff));
            }
        }
    }

    private static async Task<JsonNode> ReadWholeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var body = await BoundedBody.ReadAsync(stream, MaxAnswerBytes, response.Content.Headers.ContentLength, cancellationToken)
            ?? throw new InvalidDataException("The answer is larger than the gateway reads.");
        return await JsonNode.ParseAsync(body, cancellationToken: cancellationToken) ?? throw new JsonException("Empty answer.");
    }

    /// <summary>A provider refusal as the agent sees it; a refusal of the credential itself is recorded on the credential.</summary>
    private async Task<GatewayError> RefusedAsync(
        AgentKeyIdentity key, Credential credential, VerificationResult result, int? providerStatus, string? retryAfter, CancellationToken cancellationToken)
    {
        if (CredentialRefusals.Contains(result.Outcome))
        {
            // The agent key acts here; its name, never its value, goes on the record.
            var actor = new Actor($"Agent key '{key.Name}'", key.TeamId);
            // Recorded in a scope of its own: it happens only when a provider refuses, not on every call.
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CredentialVerification>().RecordRefusalAsync(actor, credential, result, cancellationToken);
            logger.LogWarning("Provider refused credential {CredentialId} during a gateway call: {Outcome}", credential.Id, result.Outcome);
        }

        return GatewayError.FromProvider(result, providerStatus, retryAfter);
    }

    private static string? RetryAfter(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Retry-After", out var values) ? values.FirstOrDefault() : null;
}
