using System.Collections.Concurrent;

namespace AgentHub.Tests.Support;

/// <summary>
/// A test double of <see cref="ICredentialVerifier"/> for the service rules, where the provider's
/// wire format is not the point: it answers what the test scripts and records what it was asked.
/// </summary>
public sealed class ScriptedVerifier : ICredentialVerifier
{
    private readonly ConcurrentQueue<VerificationRequest> _calls = new();

    /// <summary>Decides the answer; by default every credential is accepted.</summary>
    public Func<VerificationRequest, CancellationToken, Task<VerificationResult>> Answer { get; set; } =
        (request, _) => Task.FromResult(VerificationResult.Verified(request.Schema.DisplayName));

    public IReadOnlyCollection<VerificationRequest> Calls => _calls;

    /// <summary>Accepts only requests whose API key equals <paramref name="goodKey"/>.</summary>
    public void AcceptOnlyKey(string goodKey) => Answer = (request, _) => Task.FromResult(
        request.Value("apiKey") == goodKey
            ? VerificationResult.Verified(request.Schema.DisplayName)
            : VerificationResult.Failed(VerificationOutcome.InvalidKey, request.Schema.DisplayName, "401 invalid_api_key"));

    public Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken)
    {
        _calls.Enqueue(request);
        return Answer(request, cancellationToken);
    }
}
