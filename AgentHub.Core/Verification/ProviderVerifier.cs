using AgentHub.Core.Verification.Clients;
using AgentHub.Core.Verification.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentHub.Core.Verification;

/// <summary>
/// Runs verification, model lists, probes and the gateway's call targets through the client of the
/// credential's provider (<see cref="ProviderClients"/>). It is the one layer that bounds a provider operation (as a whole,
/// by <c>AgentHub:Verification:Timeout</c>: a paged list or a token exchange plus a call stays within
/// it), turns what a client throws into a result class, and masks the credential's secrets in
/// every result that leaves. Clients classify answers; they neither time out nor catch. Services
/// call this, never a client or <see cref="ICredentialVerifier"/> directly.
/// </summary>
public sealed class ProviderVerifier(
    ProviderClients clients, ICredentialVerifier verification, IOptionsMonitor<AgentHubOptions> options, ILogger<ProviderVerifier> logger)
{
    /// <summary>Proves the credential's values with the provider's cheapest authenticated call.</summary>
    public Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken) =>
        BoundedAsync(request, token => verification.VerifyAsync(request, token), failure => failure, cancellationToken, (result, secrets) => result.Redacted(secrets));

    /// <summary>The provider's model list read with the credential.</summary>
    public Task<ModelListResult> ListModelsAsync(VerificationRequest request, CancellationToken cancellationToken) =>
        BoundedAsync(request, token => clients.For(request).ListModelsAsync(request, token), failure => new ModelListResult(failure, []), cancellationToken,
            (list, secrets) => list with { Result = list.Result.Redacted(secrets) });

    /// <summary>One one-token chat call to <paramref name="modelId"/> through the credential.</summary>
    public Task<ProbeResult> ProbeAsync(VerificationRequest request, string modelId, CancellationToken cancellationToken) =>
        BoundedAsync(request, token => clients.For(request).ProbeAsync(request, modelId, token), failure => new ProbeResult(failure, null, TimeSpan.Zero), cancellationToken,
            (probe, secrets) => probe with { Result = probe.Result.Redacted(secrets), Reply = probe.Reply is null ? null : Redactor.Redact(probe.Reply, secrets) });

    /// <summary>
    /// The target (API base, auth headers, client) of a gateway call with this credential, or why
    /// there is none, within the same bound (Vertex AI's token exchange is a call of its own).
    /// </summary>
    public Task<(ProviderTarget? Target, VerificationResult? Failure)> OpenTargetAsync(ProviderClient client, VerificationRequest request, CancellationToken cancellationToken)
    {
        if (client.TargetNeedsACall)
        {
            return BoundedAsync(request, token => client.OpenTargetAsync(request, token), TargetFailure, cancellationToken, RedactedTarget);
        }

        // An address and headers, ready at once: nothing to bound, so no timer and linked token on each gateway call.
        Task<(ProviderTarget? Target, VerificationResult? Failure)> opening;
        try
        {
            opening = client.OpenTargetAsync(request, cancellationToken);
        }
        catch (Exception e)
        {
            opening = Task.FromException<(ProviderTarget?, VerificationResult?)>(e);
        }

        return opening.IsCompletedSuccessfully && opening.Result.Failure is null
            ? opening
            // A refusal or a throw is classified and masked as any other; a client that did call after all is bounded.
            : BoundedAsync(request, _ => opening, TargetFailure, cancellationToken, RedactedTarget);
    }

    private static (ProviderTarget? Target, VerificationResult? Failure) TargetFailure(VerificationResult failure) => (null, failure);

    private static (ProviderTarget? Target, VerificationResult? Failure) RedactedTarget(
        (ProviderTarget? Target, VerificationResult? Failure) opened, IReadOnlyList<string> secrets) => (opened.Target, opened.Failure?.Redacted(secrets));

    private async Task<T> BoundedAsync<T>(
        VerificationRequest request, Func<CancellationToken, Task<T>> call, Func<VerificationResult, T> failed, CancellationToken cancellationToken,
        Func<T, IReadOnlyList<string>, T> redacted)
    {
        var limit = options.CurrentValue.Verification.Timeout;
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(limit);
        T outcome;
        try
        {
            // WaitAsync bounds the wait even for a client that ignores its token.
            outcome = await call(bound.Token).WaitAsync(bound.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            outcome = failed(Failure(e, request, bound.IsCancellationRequested, limit));
        }

        return redacted(outcome, request.Secrets.ToList());
    }

    /// <summary>What a client threw, as a result: the bound, a network failure, or a client bug (only its type is kept).</summary>
    private VerificationResult Failure(Exception e, VerificationRequest request, bool timedOut, TimeSpan limit)
    {
        var name = request.Schema.DisplayName;
        if (timedOut && e is OperationCanceledException)
        {
            return VerificationResult.Failed(VerificationOutcome.Timeout, name, $"No answer within {limit.TotalSeconds:0.#} s.");
        }

        if (TransportFailures.Classify(e, name) is { } transport)
        {
            return transport;
        }

        // A client bug must not take the admin's page down. Its message may quote request data: only the type is kept.
        logger.LogError("Provider client for {ProviderId} threw {ExceptionType}", request.Schema.Id, e.GetType().Name);
        return VerificationResult.Failed(VerificationOutcome.ProviderError, name, e.GetType().Name);
    }
}
