using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentHub.Core.Verification;

/// <summary>
/// Routes verification, model lists and probes to the client registered for the credential's
/// provider, each bounded as a whole by <c>AgentHub:Verification:Timeout</c> (a paged list or a
/// token exchange plus a call stays within it too).
/// </summary>
public sealed class ProviderVerifier(IEnumerable<IProviderClient> clients, IOptionsMonitor<AgentHubOptions> options, ILogger<ProviderVerifier> logger)
    : ICredentialVerifier
{
    private readonly Dictionary<string, IProviderClient> _clients = clients.ToDictionary(c => c.ProviderId);

    /// <inheritdoc />
    public Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken) =>
        BoundedAsync(request, token => Client(request).VerifyAsync(request, token), failure => failure, cancellationToken);

    /// <summary>The provider's model list read with the credential.</summary>
    public Task<ModelListResult> ListModelsAsync(VerificationRequest request, CancellationToken cancellationToken) =>
        BoundedAsync(request, token => Client(request).ListModelsAsync(request, token), failure => new ModelListResult(failure, []), cancellationToken);

    /// <summary>One one-token chat call to <paramref name="modelId"/> through the credential.</summary>
    public Task<ProbeResult> ProbeAsync(VerificationRequest request, string modelId, CancellationToken cancellationToken) =>
        BoundedAsync(request, token => Client(request).ProbeAsync(request, modelId, token), failure => new ProbeResult(failure, null, TimeSpan.Zero), cancellationToken);

    private async Task<T> BoundedAsync<T>(
        VerificationRequest request, Func<CancellationToken, Task<T>> call, Func<VerificationResult, T> failed, CancellationToken cancellationToken)
    {
        var limit = options.CurrentValue.Verification.Timeout;
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(limit);
        try
        {
            return await call(bound.Token).WaitAsync(bound.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return failed(VerificationResult.Failed(VerificationOutcome.Timeout, request.Schema.DisplayName, $"No answer within {limit.TotalSeconds:0.#} s."));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A client bug must not take the admin's page down. Its message may quote request data: only the type is kept.
            logger.LogError("Provider client for {ProviderId} threw {ExceptionType}", request.Schema.Id, e.GetType().Name);
            return failed(VerificationResult.Failed(VerificationOutcome.ProviderError, request.Schema.DisplayName, e.GetType().Name));
        }
    }

    private IProviderClient Client(VerificationRequest request) =>
        _clients.TryGetValue(request.Schema.Id, out var client)
            ? client
            : throw new InvalidOperationException($"No client is registered for provider '{request.Schema.Id}'.");
}
