namespace AgentHub.Tests.Core.Verification;

/// <summary>
/// The outbound rules on real connections: admin-typed URLs that resolve to private addresses are
/// refused before any byte is sent, operator URLs are trusted, redirects are never followed, and a
/// Custom credential's CA is trusted for that credential only. No test here sends traffic to any
/// address but 127.0.0.1: the guard refuses the others before connecting.
/// </summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class OutboundCallTests : IDisposable
{
    private readonly FakeProviders _fakes;

    public OutboundCallTests(FakeProviders fakes)
    {
        _fakes = fakes;
        _fakes.ResetAll();
    }

    /// <summary>Services where the admin-typed URLs of the fakes are not trusted by operator configuration.</summary>
    private ProviderVerifier Untrusting(bool allowPrivate = false) =>
        _fakes.BuildServices(trustTypedUrls: false, allowPrivate: allowPrivate).GetRequiredService<ProviderVerifier>();

    private VerificationRequest Custom(string baseUrl, Dictionary<string, string>? extra = null)
    {
        var values = new Dictionary<string, string> { [FieldKeys.BaseUrl] = baseUrl, [FieldKeys.ApiKey] = _fakes.Custom.ValidKey };
        foreach (var (k, v) in extra ?? [])
        {
            values[k] = v;
        }

        return new VerificationRequest(_fakes.Credential(_fakes.BuildServices(), ProviderIds.Custom).Schema, values);
    }

    [Theory]
    [InlineData("https://127.0.0.1:{port}/v1")]
    [InlineData("https://localhost:{port}/v1")]
    [InlineData("https://[::1]:{port}/v1")]
    [InlineData("https://[::ffff:127.0.0.1]:{port}/v1")]
    [InlineData("https://10.20.30.40/v1")]
    [InlineData("https://172.16.5.5/v1")]
    [InlineData("https://192.168.0.10/v1")]
    [InlineData("https://169.254.169.254/latest")]
    [InlineData("https://100.64.1.1/v1")]
    public async Task ACustomBaseUrlResolvingToAPrivateAddressShouldBeBlockedBeforeConnecting(string template)
    {
        var url = template.Replace("{port}", _fakes.Custom.Root.Port.ToString(), StringComparison.Ordinal);

        var result = await Untrusting().VerifyAsync(Custom(url), CancellationToken.None);

        Assert.Equal(VerificationOutcome.BlockedAddress, result.Outcome);
        Assert.Contains("AgentHub:Network:AllowPrivateEndpoints", result.Message);
        Assert.Equal(0, _fakes.Custom.Calls);
    }

    [Fact]
    public async Task TheBlockedAddressDetailShouldNotNameTheAddress()
    {
        var url = $"https://localhost:{_fakes.Custom.Root.Port}/v1";

        var result = await Untrusting().VerifyAsync(Custom(url), CancellationToken.None);

        Assert.Equal(VerificationOutcome.BlockedAddress, result.Outcome);
        Assert.Contains("localhost resolves to a private", result.Detail);
        Assert.DoesNotContain("127.0.0.1", result.Detail);
        Assert.DoesNotContain("::1", result.Detail);
    }

    [Fact]
    public async Task AllowPrivateEndpointsShouldLetAnOnPremisesEndpointThrough()
    {
        var result = await Untrusting(allowPrivate: true).VerifyAsync(Custom(_fakes.Custom.BaseUrl.AbsoluteUri), CancellationToken.None);

        Assert.Equal(VerificationOutcome.Verified, result.Outcome);
        Assert.Equal(1, _fakes.Custom.Calls);
    }

    [Fact]
    public async Task ADatabricksWorkspaceOnAPrivateAddressShouldBeBlocked()
    {
        var services = _fakes.BuildServices(trustTypedUrls: false);

        var result = await services.GetRequiredService<ProviderVerifier>().VerifyAsync(_fakes.Credential(services, ProviderIds.Databricks), CancellationToken.None);

        Assert.Equal(VerificationOutcome.BlockedAddress, result.Outcome);
        Assert.Equal(0, _fakes.Databricks.Calls);
    }

    [Fact]
    public async Task AFireworksDirectRouteUrlOnAPrivateAddressShouldBeBlocked()
    {
        var services = _fakes.BuildServices(trustTypedUrls: false);
        var credential = _fakes.Credential(services, ProviderIds.Fireworks, extra: new() { [FieldKeys.BaseUrl] = "https://192.168.10.10/v1" });

        var result = await services.GetRequiredService<ProviderVerifier>().VerifyAsync(credential, CancellationToken.None);

        Assert.Equal(VerificationOutcome.BlockedAddress, result.Outcome);
    }

    [Fact]
    public async Task AnOperatorConfiguredBaseUrlOnLoopbackShouldBeTrusted()
    {
        var services = _fakes.BuildServices(trustTypedUrls: false, allowPrivate: false);

        var result = await services.GetRequiredService<ProviderVerifier>().VerifyAsync(_fakes.Credential(services, ProviderIds.OpenAi), CancellationToken.None);

        Assert.Equal(VerificationOutcome.Verified, result.Outcome);
    }

    [Fact]
    public async Task ARedirectToAPrivateAddressShouldNotBeFollowed()
    {
        _fakes.Custom.Answer = FakeAnswer.Redirect;
        var services = _fakes.BuildServices();

        var result = await services.GetRequiredService<ProviderVerifier>().VerifyAsync(_fakes.Credential(services, ProviderIds.Custom), CancellationToken.None);

        Assert.Equal(VerificationOutcome.EndpointNotFound, result.Outcome);
        Assert.Contains("does not follow", result.Message);
        Assert.Contains("169.254.169.254", result.Detail);
        Assert.Equal(1, _fakes.Custom.Calls);
    }

    [Fact]
    public async Task AnHttpUrlShouldNeverBeCalled()
    {
        var result = await Untrusting(allowPrivate: true).VerifyAsync(Custom($"http://127.0.0.1:{_fakes.Custom.Root.Port}/v1"), CancellationToken.None);

        Assert.Equal(VerificationOutcome.BlockedAddress, result.Outcome);
        Assert.Contains("https://", result.Message);
        Assert.Equal(0, _fakes.Custom.Calls);
    }

    [Fact]
    public async Task ACustomCaCertificateShouldBeTrustedForThatCredentialOnly()
    {
        // These services do not trust the fakes' certificate; only the credential that carries it does.
        var verifier = _fakes.BuildServices(allowPrivate: true, trustFakeCertificate: false).GetRequiredService<ProviderVerifier>();
        var withCa = Custom(_fakes.Custom.BaseUrl.AbsoluteUri, new() { [FieldKeys.CaCertificate] = TestCertificates.Root.ExportCertificatePem() });
        var withoutCa = Custom(_fakes.Custom.BaseUrl.AbsoluteUri);

        var trusted = await verifier.VerifyAsync(withCa, CancellationToken.None);
        var untrusted = await verifier.VerifyAsync(withoutCa, CancellationToken.None);
        var trustedAgain = await verifier.VerifyAsync(withCa, CancellationToken.None);

        Assert.Equal(VerificationOutcome.Verified, trusted.Outcome);
        Assert.Equal(VerificationOutcome.TlsError, untrusted.Outcome);
        Assert.Equal(VerificationOutcome.Verified, trustedAgain.Outcome);
    }

    [Fact]
    public async Task AnUntrustedCertificateShouldBeATlsError()
    {
        var services = _fakes.BuildServices(trustFakeCertificate: false);

        var result = await services.GetRequiredService<ProviderVerifier>().VerifyAsync(_fakes.Credential(services, ProviderIds.Anthropic), CancellationToken.None);

        Assert.Equal(VerificationOutcome.TlsError, result.Outcome);
        Assert.Contains("private CA", result.Message);
    }

    [Fact]
    public async Task ANameThatDoesNotResolveShouldBeUnreachable()
    {
        var result = await Untrusting().VerifyAsync(Custom("https://no-such-host.invalid/v1"), CancellationToken.None);

        Assert.Equal(VerificationOutcome.Unreachable, result.Outcome);
    }

    public void Dispose() => _fakes.ResetAll();
}
