namespace AgentHub.Tests.Core.Verification;

/// <summary>
/// A URL the operator configured lifts the private-address rule only for its own provider's calls
/// and only under its path: provider × configured authority × path. Every fake listens on
/// 127.0.0.1, so a call the configuration does not trust is refused before connecting.
/// </summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class OperatorTrustTests : IDisposable
{
    private readonly FakeProviders _fakes;
    private readonly ServiceProvider _services;

    public OperatorTrustTests(FakeProviders fakes)
    {
        _fakes = fakes;
        _fakes.ResetAll();
        // Custom is trusted under /v1/ only; the others as the fixture configures them (Databricks at its root).
        _services = fakes.BuildServices(overrides: new Dictionary<string, string?>
        {
            ["AgentHub:Providers:custom:BaseUrl"] = new Uri(fakes.Custom.Root, "v1/").AbsoluteUri,
        });
    }

    /// <summary>(credential's provider, the URL it is given, whose fake that is, whether the call may go out).</summary>
    public static TheoryData<string, string, string, bool> Matrix() => new()
    {
        // A provider's own configured URL, under its path.
        { ProviderIds.Custom, "{custom}v1", ProviderIds.Custom, true },
        { ProviderIds.Databricks, "{databricks}", ProviderIds.Databricks, true },
        { ProviderIds.Fireworks, "{fireworks}inference/v1", ProviderIds.Fireworks, true },
        // The provider's own authority, outside its configured path.
        { ProviderIds.Custom, "{custom}v2", ProviderIds.Custom, false },
        { ProviderIds.Custom, "{custom}v1x", ProviderIds.Custom, false },
        { ProviderIds.Custom, "{custom}", ProviderIds.Custom, false },
        { ProviderIds.Custom, "{custom}v1/%2e%2e/v2", ProviderIds.Custom, false },
        { ProviderIds.Custom, "{custom}v1/%2E%2E/v2", ProviderIds.Custom, false },
        { ProviderIds.Custom, "{custom}v1/..;/v2", ProviderIds.Custom, false },
        { ProviderIds.Custom, "{custom}v1/%252e%252e/v2", ProviderIds.Custom, false },
        // Another provider's configured authority, even under that provider's path.
        { ProviderIds.Custom, "{openai}v1", ProviderIds.OpenAi, false },
        { ProviderIds.Custom, "{databricks}", ProviderIds.Databricks, false },
        { ProviderIds.Custom, "{vertex}", ProviderIds.VertexAi, false },
        { ProviderIds.Custom, "{anthropic}v1", ProviderIds.Anthropic, false },
        { ProviderIds.Databricks, "{openai}v1", ProviderIds.OpenAi, false },
        { ProviderIds.Databricks, "{custom}v1", ProviderIds.Custom, false },
        { ProviderIds.Fireworks, "{openai}v1", ProviderIds.OpenAi, false },
        { ProviderIds.Fireworks, "{databricks}", ProviderIds.Databricks, false },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task AConfiguredUrlShouldBeTrustedOnlyForItsProviderAndUnderItsPath(string providerId, string template, string owner, bool trusted)
    {
        var credential = Credential(providerId, Url(template));

        var result = await _services.GetRequiredService<ProviderVerifier>().VerifyAsync(credential, CancellationToken.None);

        if (trusted)
        {
            Assert.NotEqual(VerificationOutcome.BlockedAddress, result.Outcome);
            Assert.True(_fakes.For(owner).Calls > 0);
        }
        else
        {
            Assert.Equal(VerificationOutcome.BlockedAddress, result.Outcome);
            Assert.Equal(0, _fakes.For(owner).Calls);
        }
    }

    [Fact]
    public async Task APooledTrustedConnectionShouldNotCarryAnUntrustedCallToTheSameHost()
    {
        var verifier = _services.GetRequiredService<ProviderVerifier>();

        var trusted = await verifier.VerifyAsync(Credential(ProviderIds.Custom, Url("{custom}v1")), CancellationToken.None);
        var outside = await verifier.VerifyAsync(Credential(ProviderIds.Custom, Url("{custom}v2")), CancellationToken.None);
        var trustedAgain = await verifier.VerifyAsync(Credential(ProviderIds.Custom, Url("{custom}v1")), CancellationToken.None);

        Assert.Equal(VerificationOutcome.Verified, trusted.Outcome);
        Assert.Equal(VerificationOutcome.BlockedAddress, outside.Outcome);
        Assert.Equal(VerificationOutcome.Verified, trustedAgain.Outcome);
        Assert.DoesNotContain(_fakes.Custom.Requests, r => r.Path.StartsWith("/v2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ThePrivateAddressRuleShouldStillApplyToAnUntrustedProviderAfterATrustedOneCalledTheSameHost()
    {
        var verifier = _services.GetRequiredService<ProviderVerifier>();
        await verifier.VerifyAsync(_fakes.Credential(_services, ProviderIds.OpenAi), CancellationToken.None);
        var openAiCalls = _fakes.OpenAi.Calls;

        var result = await verifier.VerifyAsync(Credential(ProviderIds.Custom, _fakes.OpenAi.BaseUrl.AbsoluteUri), CancellationToken.None);

        Assert.Equal(VerificationOutcome.BlockedAddress, result.Outcome);
        Assert.Equal(openAiCalls, _fakes.OpenAi.Calls);
    }

    private string Url(string template) => template
        .Replace("{custom}", _fakes.Custom.Root.AbsoluteUri, StringComparison.Ordinal)
        .Replace("{openai}", _fakes.OpenAi.Root.AbsoluteUri, StringComparison.Ordinal)
        .Replace("{anthropic}", _fakes.Anthropic.Root.AbsoluteUri, StringComparison.Ordinal)
        .Replace("{databricks}", _fakes.Databricks.Root.AbsoluteUri, StringComparison.Ordinal)
        .Replace("{fireworks}", _fakes.Fireworks.Root.AbsoluteUri, StringComparison.Ordinal)
        .Replace("{vertex}", _fakes.VertexAi.Root.AbsoluteUri, StringComparison.Ordinal);

    /// <summary>A credential of <paramref name="providerId"/> whose admin-typed URL is <paramref name="url"/>.</summary>
    private VerificationRequest Credential(string providerId, string url)
    {
        var field = providerId switch
        {
            ProviderIds.Databricks => FieldKeys.WorkspaceUrl,
            _ => FieldKeys.BaseUrl,
        };
        return _fakes.Credential(_services, providerId, extra: new() { [field] = url });
    }

    public void Dispose() => _fakes.ResetAll();
}
