using AgentHub.Core.Providers.Vertex;

namespace AgentHub.Tests.Core.Verification;

/// <summary>A key must never reach a log line, a result message or a detail, even on the paths that echo it.</summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class SecretLeakTests(FakeProviders fakes) : IDisposable
{
    public static TheoryData<string> EveryProvider => ProviderTestValues.EveryProvider;

    [Theory]
    [MemberData(nameof(EveryProvider))]
    public async Task TheInvalidKeyPathShouldLeakTheKeyNowhere(string providerId)
    {
        fakes.ResetAll();
        var logs = new CapturingLoggerProvider();
        await using var services = fakes.BuildServices(logs: logs);
        var verifier = services.GetRequiredService<ProviderVerifier>();
        var key = $"sk-LEAKCHECK-{providerId}-7c1e9a";
        var credential = fakes.Credential(services, providerId, wrongKey: key);
        var secrets = SecretTexts(credential).ToList();

        var verification = await verifier.VerifyAsync(credential, CancellationToken.None);
        var list = await verifier.ListModelsAsync(credential, CancellationToken.None);
        var probe = await verifier.ProbeAsync(credential, "any-model", CancellationToken.None);

        Assert.Equal(VerificationOutcome.InvalidKey, verification.Outcome);
        // The capture works: the calls were logged (HttpClient's request lines, or Vertex AI's token exchange).
        Assert.Contains(logs.Lines, l => l.Contains("HTTP request", StringComparison.Ordinal) || l.Contains("Token exchange", StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            foreach (var result in new[] { verification, list.Result, probe.Result })
            {
                Assert.DoesNotContain(secret, result.Message);
                Assert.DoesNotContain(secret, result.Detail ?? "");
            }

            Assert.DoesNotContain(secret, logs.AllText);
        }
    }

    [Fact]
    public async Task AnEchoedKeyOrHeaderValueShouldBeRedactedFromTheDetail()
    {
        fakes.ResetAll();
        await using var services = fakes.BuildServices();
        fakes.Custom.Answer = FakeAnswer.ServerError;
        var credential = fakes.Credential(services, ProviderIds.Custom, extra: new() { [FieldKeys.ExtraHeaders] = "X-Gateway-Token: gw-secret-echo-999" });

        var result = await services.GetRequiredService<ProviderVerifier>().VerifyAsync(credential, CancellationToken.None);

        Assert.Equal(VerificationOutcome.ProviderError, result.Outcome);
        Assert.Contains("Authorization=Bearer [redact", result.Detail);
        Assert.DoesNotContain(fakes.Custom.ValidKey[..6], result.Detail);
        Assert.DoesNotContain("gw-secret-echo", result.Detail);
    }

    [Fact]
    public async Task AHeaderValueShorterThanFourCharactersShouldBeRedactedFromTheDetail()
    {
        fakes.ResetAll();
        await using var services = fakes.BuildServices();
        fakes.Custom.Answer = FakeAnswer.ServerError;
        fakes.Custom.EchoHeader = "X-Gateway-Token";
        var credential = fakes.Credential(services, ProviderIds.Custom, extra: new() { [FieldKeys.ExtraHeaders] = "X-Gateway-Token: k9z" });

        var result = await services.GetRequiredService<ProviderVerifier>().VerifyAsync(credential, CancellationToken.None);

        Assert.Contains("X-Gateway-Token=[redacted]", result.Detail);
        Assert.DoesNotContain("k9z", result.Detail);
    }

    [Fact]
    public async Task AnEchoedVertexAccessTokenShouldBeRedactedFromTheDetail()
    {
        fakes.ResetAll();
        await using var services = fakes.BuildServices();
        fakes.VertexAi.Answer = FakeAnswer.ServerError;

        var result = await services.GetRequiredService<ProviderVerifier>().VerifyAsync(fakes.Credential(services, ProviderIds.VertexAi), CancellationToken.None);

        Assert.Equal(VerificationOutcome.ProviderError, result.Outcome);
        Assert.Contains("Bearer [redacted]", result.Detail);
        Assert.DoesNotContain(FakeVertexAi.IssuedToken, result.Detail);
        Assert.DoesNotContain("fake-vertex-access", result.Detail);
    }

    /// <summary>The texts that must not appear: the key itself, or for Vertex AI the private key's lines and id.</summary>
    private static IEnumerable<string> SecretTexts(VerificationRequest credential)
    {
        if (credential.Value(FieldKeys.ApiKey) is { } key)
        {
            yield return key;
        }

        if (credential.Value(FieldKeys.ServiceAccountKey) is { } json && ServiceAccountKey.TryParse(json, out var account, out _))
        {
            yield return account!.PrivateKeyId;
            foreach (var line in account.PrivateKey.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("-----", StringComparison.Ordinal)))
            {
                yield return line;
            }
        }
    }

    public void Dispose() => fakes.ResetAll();
}
