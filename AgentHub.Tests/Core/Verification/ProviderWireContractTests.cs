using System.Text.Json;

namespace AgentHub.Tests.Core.Verification;

/// <summary>What each client puts on the wire and the provider-specific rules of providers.md.</summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class ProviderWireContractTests : IDisposable
{
    private readonly FakeProviders _fakes;
    private readonly ServiceProvider _services;
    private readonly ProviderVerifier _verifier;

    public ProviderWireContractTests(FakeProviders fakes)
    {
        _fakes = fakes;
        _fakes.ResetAll();
        _services = fakes.BuildServices();
        _verifier = _services.GetRequiredService<ProviderVerifier>();
    }

    private Task<VerificationResult> VerifyAsync(string providerId, Dictionary<string, string>? extra = null, string? wrongKey = null) =>
        _verifier.VerifyAsync(_fakes.Credential(_services, providerId, wrongKey, extra), CancellationToken.None);

    [Fact]
    public async Task OpenAiShouldSendTheKeyAsBearerAndTheOrganizationHeader()
    {
        var result = await VerifyAsync(ProviderIds.OpenAi, new() { [FieldKeys.OrganizationId] = _fakes.OpenAi.Organization });

        var request = Assert.Single(_fakes.OpenAi.Requests);
        Assert.Equal(VerificationOutcome.Verified, result.Outcome);
        Assert.Equal("GET /v1/models", $"{request.Method} {request.Path}");
        Assert.Equal("Bearer " + _fakes.OpenAi.ValidKey, request.Header("Authorization"));
        Assert.Equal(_fakes.OpenAi.Organization, request.Header("OpenAI-Organization"));
    }

    [Fact]
    public async Task OpenAiWithAnotherOrganizationShouldBeOrganizationMismatch()
    {
        var result = await VerifyAsync(ProviderIds.OpenAi, new() { [FieldKeys.OrganizationId] = "org-someoneelse" });

        Assert.Equal(VerificationOutcome.OrganizationMismatch, result.Outcome);
        Assert.Contains("Organization ID", result.Message);
        Assert.Contains("mismatched_organization", result.Detail);
    }

    [Fact]
    public async Task OpenAiWithoutAnOrganizationShouldSendNoOrganizationHeader()
    {
        await VerifyAsync(ProviderIds.OpenAi);

        Assert.Null(Assert.Single(_fakes.OpenAi.Requests).Header("OpenAI-Organization"));
    }

    [Fact]
    public async Task AnthropicShouldSendTheKeyAndTheApiVersionHeaders()
    {
        await VerifyAsync(ProviderIds.Anthropic);

        var request = _fakes.Anthropic.Requests.First();
        Assert.Equal("/v1/models", request.Path);
        Assert.Equal("?limit=1000", request.Query);
        Assert.Equal(_fakes.Anthropic.ValidKey, request.Header("x-api-key"));
        Assert.Equal("2023-06-01", request.Header("anthropic-version"));
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task GeminiShouldSendTheKeyInAHeaderAndNeverInTheQuery()
    {
        await VerifyAsync(ProviderIds.Gemini);

        var request = Assert.Single(_fakes.Gemini.Requests);
        Assert.Equal(_fakes.Gemini.ValidKey, request.Header("x-goog-api-key"));
        Assert.DoesNotContain("key=", request.Query);
        Assert.Equal("?pageSize=1000", request.Query);
    }

    [Fact]
    public async Task GeminiShouldTellAPerDayQuotaFromAPerMinuteLimit()
    {
        _fakes.Gemini.Answer = FakeAnswer.QuotaExhausted;
        var quota = await VerifyAsync(ProviderIds.Gemini);
        _fakes.Gemini.Answer = FakeAnswer.RateLimited;
        var rate = await VerifyAsync(ProviderIds.Gemini);

        Assert.Equal(VerificationOutcome.QuotaExhausted, quota.Outcome);
        Assert.Equal(VerificationOutcome.RateLimited, rate.Outcome);
    }

    [Fact]
    public async Task FireworksShouldSettleA500OnTheListWithAOneTokenChat()
    {
        _fakes.Fireworks.ListFailsWithValidKey = true;

        var result = await VerifyAsync(ProviderIds.Fireworks);

        Assert.Equal(VerificationOutcome.Verified, result.Outcome);
        Assert.Equal(["GET /inference/v1/models", "POST /inference/v1/chat/completions"], _fakes.Fireworks.Requests.Select(r => $"{r.Method} {r.Path}"));
        using var body = JsonDocument.Parse(_fakes.Fireworks.Requests.Last().Body);
        Assert.Equal(1, body.RootElement.GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public async Task FireworksDirectRouteShouldBeVerifiedAtItsOwnUrlWithAChatWhenItHasNoList()
    {
        // The Direct-Route URL is typed by the admin; here it is the fake's, trusted as an operator URL.
        _fakes.Fireworks.NoList = true;

        var result = await VerifyAsync(ProviderIds.Fireworks, new() { [FieldKeys.BaseUrl] = _fakes.Fireworks.BaseUrl.AbsoluteUri.TrimEnd('/') });

        Assert.Equal(VerificationOutcome.Verified, result.Outcome);
        Assert.Equal("POST /inference/v1/chat/completions", $"{_fakes.Fireworks.Requests.Last().Method} {_fakes.Fireworks.Requests.Last().Path}");
    }

    [Fact]
    public async Task FireworksSuspendedAccountShouldBePermissionDenied()
    {
        _fakes.Fireworks.Answer = FakeAnswer.PermissionDenied;

        var result = await VerifyAsync(ProviderIds.Fireworks);

        Assert.Equal(VerificationOutcome.PermissionDenied, result.Outcome);
        Assert.StartsWith("HTTP 412", result.Detail);
    }

    [Fact]
    public async Task VertexShouldSignAnAssertionForTheServiceAccountScopedToCloudPlatform()
    {
        var result = await VerifyAsync(ProviderIds.VertexAi);

        Assert.Equal(VerificationOutcome.Verified, result.Outcome);
        var claims = _fakes.VertexAi.LastClaims!.Value;
        Assert.Equal(_fakes.VertexAi.ClientEmail, claims.GetProperty("iss").GetString());
        Assert.Equal("https://www.googleapis.com/auth/cloud-platform", claims.GetProperty("scope").GetString());
        Assert.True(claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64() <= 3600);
        var call = _fakes.VertexAi.Requests.Last();
        Assert.Equal("/v1/projects/fake-project/locations/us-central1/publishers/google/models/gemini-2.0-flash-001:countTokens", call.Path);
        Assert.Equal("Bearer ya29.fake-vertex-access-token", call.Header("Authorization"));
    }

    [Fact]
    public async Task VertexShouldUseTheProjectAndLocationFieldsOverTheKeysProject()
    {
        var result = await VerifyAsync(ProviderIds.VertexAi, new() { [FieldKeys.Project] = "other-project", [FieldKeys.Location] = "europe-west4" });

        Assert.Equal(VerificationOutcome.PermissionDenied, result.Outcome);
        Assert.StartsWith("/v1/projects/other-project/locations/europe-west4/", _fakes.VertexAi.Requests.Last().Path);
    }

    [Fact]
    public async Task VertexWithTheApiDisabledShouldSayToEnableItInTheProject()
    {
        _fakes.VertexAi.ServiceDisabled = true;

        var result = await VerifyAsync(ProviderIds.VertexAi);

        Assert.Equal(VerificationOutcome.PermissionDenied, result.Outcome);
        Assert.Contains("Enable the Vertex AI API in project 123456", result.Message);
    }

    [Fact]
    public async Task VertexShouldRefuseATokenUriOtherThanTheAllowedOne()
    {
        var json = _fakes.VertexAi.ServiceAccountJson().Replace(_fakes.VertexAi.TokenUrl.AbsoluteUri, "https://attacker.example.com/token", StringComparison.Ordinal);

        var result = await VerifyAsync(ProviderIds.VertexAi, new() { [FieldKeys.ServiceAccountKey] = json });

        Assert.Equal(VerificationOutcome.InvalidServiceAccount, result.Outcome);
        Assert.Contains("token_uri", result.Message);
        Assert.DoesNotContain(_fakes.VertexAi.Requests, r => r.Path == "/token");
    }

    [Fact]
    public async Task VertexWithAKeyMissingAFieldShouldBeInvalidServiceAccountNamingIt()
    {
        using var document = JsonDocument.Parse(_fakes.VertexAi.ServiceAccountJson());
        var fields = document.RootElement.EnumerateObject().Where(p => p.Name != "client_email").ToDictionary(p => p.Name, p => p.Value.GetString());

        var result = await VerifyAsync(ProviderIds.VertexAi, new() { [FieldKeys.ServiceAccountKey] = JsonSerializer.Serialize(fields) });

        Assert.Equal(VerificationOutcome.InvalidServiceAccount, result.Outcome);
        Assert.Contains("\"client_email\"", result.Message);
    }

    [Fact]
    public async Task VertexWithADeletedKeyShouldBeInvalidKeyMentioningTheClock()
    {
        var result = await VerifyAsync(ProviderIds.VertexAi, wrongKey: "any");

        Assert.Equal(VerificationOutcome.InvalidKey, result.Outcome);
        Assert.Contains("clock", result.Message);
        Assert.Contains("invalid_grant", result.Detail);
    }

    [Fact]
    public async Task DatabricksShouldCallTheWorkspaceAndReadBothErrorCodeForms()
    {
        var ok = await VerifyAsync(ProviderIds.Databricks);
        _fakes.Databricks.Answer = FakeAnswer.PermissionDenied;
        var denied = await VerifyAsync(ProviderIds.Databricks);
        _fakes.Databricks.Answer = FakeAnswer.Success;
        var invalid = await VerifyAsync(ProviderIds.Databricks, wrongKey: "dapi-wrong-000000000000");

        Assert.Equal(VerificationOutcome.Verified, ok.Outcome);
        Assert.Equal("/api/2.0/serving-endpoints", _fakes.Databricks.Requests.First().Path);
        Assert.Equal(VerificationOutcome.PermissionDenied, denied.Outcome);
        Assert.Contains("PERMISSION_DENIED", denied.Detail);
        Assert.Equal(VerificationOutcome.InvalidKey, invalid.Outcome);
        Assert.Contains("403: Invalid access token", invalid.Detail);
    }

    [Fact]
    public async Task BedrockShouldTellAnInvalidKeyFromAccessDeniedByTheMessage()
    {
        var invalid = await VerifyAsync(ProviderIds.Bedrock, wrongKey: "ABSKwrongkey000000000");
        _fakes.Bedrock.Answer = FakeAnswer.PermissionDenied;
        var denied = await VerifyAsync(ProviderIds.Bedrock);

        Assert.Equal(VerificationOutcome.InvalidKey, invalid.Outcome);
        Assert.Equal(VerificationOutcome.PermissionDenied, denied.Outcome);
        Assert.Contains("AccessDeniedException", denied.Detail);
        Assert.Equal("GET /foundation-models", $"{_fakes.Bedrock.Requests.First().Method} {_fakes.Bedrock.Requests.First().Path}");
    }

    [Fact]
    public async Task CustomWithoutAKeyShouldSendNoAuthorizationHeader()
    {
        _fakes.Custom.RequireKey = false;

        var result = await _verifier.VerifyAsync(new VerificationRequest(_fakes.Credential(_services, ProviderIds.Custom).Schema,
            new Dictionary<string, string> { [FieldKeys.BaseUrl] = _fakes.Custom.BaseUrl.AbsoluteUri }), CancellationToken.None);

        Assert.Equal(VerificationOutcome.Verified, result.Outcome);
        Assert.Null(Assert.Single(_fakes.Custom.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task CustomShouldSendItsExtraHeadersOnEveryCall()
    {
        _fakes.Custom.RequiredHeader = new("X-Gateway-Token", "gw-token-123456");
        _fakes.Custom.NoList = true;

        var result = await VerifyAsync(ProviderIds.Custom, new() { [FieldKeys.ExtraHeaders] = "X-Gateway-Token: gw-token-123456\nX-Team: research" });

        Assert.Equal(VerificationOutcome.Verified, result.Outcome);
        Assert.Equal(2, _fakes.Custom.Requests.Count);
        Assert.All(_fakes.Custom.Requests, r =>
        {
            Assert.Equal("gw-token-123456", r.Header("X-Gateway-Token"));
            Assert.Equal("research", r.Header("X-Team"));
        });
    }

    [Fact]
    public async Task CustomWithoutAModelListShouldBeProvenByAChatCall()
    {
        _fakes.Custom.NoList = true;

        var result = await VerifyAsync(ProviderIds.Custom);

        Assert.Equal(VerificationOutcome.Verified, result.Outcome);
        Assert.Equal("POST /v1/chat/completions", $"{_fakes.Custom.Requests.Last().Method} {_fakes.Custom.Requests.Last().Path}");
    }

    [Fact]
    public async Task CustomPointingAtNothingShouldBeEndpointNotFound()
    {
        _fakes.Custom.NothingThere = true;

        var result = await VerifyAsync(ProviderIds.Custom);

        Assert.Equal(VerificationOutcome.EndpointNotFound, result.Outcome);
    }

    [Fact]
    public async Task CustomWithAWrongKeyOnAServerWithoutAListShouldStillBeInvalidKey()
    {
        _fakes.Custom.NoList = true;

        var result = await VerifyAsync(ProviderIds.Custom, wrongKey: "sk-wrong-0000000000");

        Assert.Equal(VerificationOutcome.InvalidKey, result.Outcome);
    }

    public void Dispose() => _fakes.ResetAll();
}
