using Microsoft.Extensions.Logging;

namespace AgentHub.Tests.Faults;

/// <summary>
/// Providers that misbehave on the wire: each failure ends in its own class and words within the
/// verification timeout, and none is logged as an error (they are the provider's faults, not ours).
/// </summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class TransportFaultTests(FakeProviders fakes)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(3);

    private async Task<(VerificationResult Result, TimeSpan Took, CapturingLoggerProvider Logs)> VerifyAgainstAsync(
        FaultyEndpoint endpoint, bool trustTestRoots = false, string? caCertificate = null)
    {
        var logs = new CapturingLoggerProvider();
        var services = fakes.BuildServices(timeout: Limit, allowPrivate: true, trustFakeCertificate: trustTestRoots, logs: logs);
        var values = new Dictionary<string, string> { [FieldKeys.BaseUrl] = endpoint.BaseUrl.AbsoluteUri, [FieldKeys.ApiKey] = "fault-test-key-000001" };
        if (caCertificate is not null)
        {
            values[FieldKeys.CaCertificate] = caCertificate;
        }

        var request = new VerificationRequest(services.GetRequiredService<ProviderCatalog>().Get(ProviderIds.Custom), values);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await services.GetRequiredService<ProviderVerifier>().VerifyAsync(request, CancellationToken.None);
        return (result, watch.Elapsed, logs);
    }

    private static bool IsErrorLine(string line) =>
        line.StartsWith($"{LogLevel.Error} ", StringComparison.Ordinal) || line.StartsWith($"{LogLevel.Critical} ", StringComparison.Ordinal);

    [Theory]
    [InlineData(Fault.HangBeforeTls)]
    [InlineData(Fault.HangAfterTls)]
    [InlineData(Fault.SlowBody)]
    public async Task AProviderThatHangsShouldBeATimeoutWithinTheLimit(Fault fault)
    {
        await using var endpoint = new FaultyEndpoint(fault);

        var (result, took, _) = await VerifyAgainstAsync(endpoint, trustTestRoots: true);

        Assert.Equal(VerificationOutcome.Timeout, result.Outcome);
        Assert.Contains("did not answer in time", result.Message);
        Assert.True(took < Limit + TimeSpan.FromSeconds(3), $"Took {took}");
    }

    [Fact]
    public async Task AFiftyMegabyteBodyShouldBeCutAtOneMebibyteAndSaidSo()
    {
        await using var endpoint = new FaultyEndpoint(Fault.HugeBody);

        var (result, _, logs) = await VerifyAgainstAsync(endpoint, trustTestRoots: true);

        Assert.Equal(VerificationOutcome.ProviderError, result.Outcome);
        Assert.Contains("larger than 1 MiB", result.Message);
        Assert.DoesNotContain(logs.Lines, IsErrorLine);
    }

    [Fact]
    public async Task AConnectionClosedMidResponseShouldBeUnreachableWithItsOwnWordsAndNoErrorLog()
    {
        await using var endpoint = new FaultyEndpoint(Fault.ClosesMidResponse);

        var (result, _, logs) = await VerifyAgainstAsync(endpoint, trustTestRoots: true);

        Assert.Equal(VerificationOutcome.Unreachable, result.Outcome);
        Assert.Equal(VerificationMessages.ConnectionLost("Custom"), result.Message);
        Assert.DoesNotContain("internal error", result.Message);
        Assert.DoesNotContain(logs.Lines, IsErrorLine);
    }

    [Fact]
    public async Task AnExpiredCertificateShouldSayItExpiredNotAskForItsCa()
    {
        await using var endpoint = new FaultyEndpoint(Fault.ExpiredCertificate);

        var (result, _, _) = await VerifyAgainstAsync(endpoint);

        Assert.Equal(VerificationOutcome.TlsError, result.Outcome);
        Assert.Contains("expired", result.Message);
        Assert.DoesNotContain("add its certificate", result.Message);
    }

    [Fact]
    public async Task AnExpiredCertificateUnderTheCredentialsOwnCaShouldSayItExpired()
    {
        await using var endpoint = new FaultyEndpoint(Fault.ExpiredCertificate);

        var (result, _, logs) = await VerifyAgainstAsync(endpoint, caCertificate: endpoint.CertificatePem);

        Assert.Equal(VerificationOutcome.TlsError, result.Outcome);
        Assert.Equal(VerificationMessages.CertificateExpired("Custom"), result.Message);
        Assert.DoesNotContain(logs.Lines, IsErrorLine);
    }

    [Fact]
    public async Task ASelfSignedCertificateShouldAskForTheCa()
    {
        await using var endpoint = new FaultyEndpoint(Fault.SelfSignedCertificate);

        var (result, _, _) = await VerifyAgainstAsync(endpoint);

        Assert.Equal(VerificationOutcome.TlsError, result.Outcome);
        Assert.Equal(VerificationMessages.For(VerificationOutcome.TlsError, "Custom"), result.Message);
    }

    [Fact]
    public async Task ASelfSignedCertificateGivenAsTheCredentialsCaShouldBeTrusted()
    {
        await using var endpoint = new FaultyEndpoint(Fault.SelfSignedCertificate);

        var (result, _, _) = await VerifyAgainstAsync(endpoint, caCertificate: endpoint.CertificatePem);

        Assert.NotEqual(VerificationOutcome.TlsError, result.Outcome);
        Assert.Equal(1, endpoint.Connections);
    }
}
