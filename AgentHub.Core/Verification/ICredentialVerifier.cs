namespace AgentHub.Core.Verification;

/// <summary>
/// Proves a credential's values with the cheapest authenticated call its provider offers: the
/// provider's client (<see cref="ProviderClients"/>), or a scripted double in the rule tests.
/// Unbounded: <see cref="ProviderVerifier"/> calls it under the one time bound, turns what it
/// throws into a result class and masks the secrets in what it returns.
/// </summary>
public interface ICredentialVerifier
{
    /// <summary>Calls the provider with <paramref name="request"/>'s values and classifies the answer.</summary>
    Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken);
}

/// <summary>The values to verify: every field of the credential, secrets included, in memory only.</summary>
/// <param name="Schema">The provider's schema.</param>
/// <param name="Values">Field key → value (blank fields absent).</param>
public sealed record VerificationRequest(ProviderSchema Schema, IReadOnlyDictionary<string, string> Values)
{
    /// <summary>The secret values, for redacting anything the provider echoes back.</summary>
    public IEnumerable<string> Secrets =>
        Schema.Fields.Where(f => f.IsSecret && Values.ContainsKey(f.Key)).Select(f => Values[f.Key]);

    /// <summary>A value or null when the field is blank.</summary>
    public string? Value(string key) => Values.TryGetValue(key, out var v) ? v : null;

    // Keep secrets out of logs and exception messages that format this record.
    public override string ToString() => $"VerificationRequest {{ Provider = {Schema.Id} }}";
}
