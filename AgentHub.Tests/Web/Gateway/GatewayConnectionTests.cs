using System.Text.Json;
using AgentHub.Core.Verification.Http;

namespace AgentHub.Tests.Web.Gateway;

/// <summary>
/// Gateway calls keep their connections to a provider: a Custom credential with its own CA gets a
/// client kept for that CA (no connection and TLS handshake per call), still trusted for that
/// credential alone, and let go when no credential carries the CA any more.
/// </summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class GatewayConnectionTests(FakeProviders fakes)
{
    private static readonly string FakeCa = TestCertificates.Root.ExportCertificatePem();

    private static StringContent Chat() =>
        new(JsonSerializer.Serialize(new { model = GatewayHarness.Alias, messages = new[] { new { role = "user", content = "Ping?" } } }), Encoding.UTF8, "application/json");

    [Fact]
    public async Task GatewayCallsThroughACredentialWithItsOwnCaShouldReuseOneConnection()
    {
        // The app does not trust the fake's certificate: only the credential's CA certificate does.
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.Custom, caCertificate: FakeCa);
        var agent = gateway.RawClient(gateway.AgentKey);

        var first = await agent.PostAsync("/v1/chat/completions", Chat());
        var second = await agent.PostAsync("/v1/chat/completions", Chat());
        var third = await agent.PostAsync("/v1/chat/completions", Chat());

        Assert.All([first, second, third], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(3, gateway.Fake.Requests.Count);
        Assert.Equal(1, gateway.Fake.Connections);
        Assert.All(gateway.Fake.Requests, r => Assert.Equal("HTTP/2", r.Protocol));
    }

    [Fact]
    public async Task GatewayCallsToAProviderShouldShareOneHttp2Connection()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);
        var agent = gateway.RawClient(gateway.AgentKey);

        var calls = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => agent.PostAsync("/v1/chat/completions", Chat())));
        var later = await agent.PostAsync("/v1/chat/completions", Chat());

        Assert.All([.. calls, later], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, gateway.Fake.Connections);
        Assert.All(gateway.Fake.Requests, r => Assert.Equal("HTTP/2", r.Protocol));
    }

    [Fact]
    public async Task ACallToAProviderShouldCarryNoTraceContextOfAgentHubsOwn()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);
        var agent = gateway.RawClient(gateway.AgentKey);
        // The agent's own trace context stops at Agent Hub as well.
        agent.DefaultRequestHeaders.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        var answer = await agent.PostAsync("/v1/chat/completions", Chat());

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var sent = Assert.Single(gateway.Fake.Requests);
        string[] traceHeaders = ["traceparent", "tracestate", "Request-Id", "baggage", "Correlation-Context"];
        Assert.DoesNotContain(sent.Headers.Keys, h => traceHeaders.Contains(h, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task DeletingTheCredentialShouldLetGoOfTheClientKeptForItsCa()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.Custom, caCertificate: FakeCa);
        var agent = gateway.RawClient(gateway.AgentKey);
        var pinned = gateway.App.Services.GetRequiredService<PinnedTrustClients>();
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync("/v1/chat/completions", Chat())).StatusCode);
        var kept = pinned.Count;

        using (var scope = gateway.App.Services.CreateScope())
        {
            (await scope.ServiceProvider.GetRequiredService<CredentialChanges>().DeleteAsync(gateway.Admin, gateway.Credential.Id)).ValueOrFail();
        }

        var afterDelete = await agent.PostAsync("/v1/chat/completions", Chat());

        Assert.Equal(1, kept);
        Assert.Equal(HttpStatusCode.Conflict, afterDelete.StatusCode);
        Assert.Equal(0, pinned.Count);
    }
}
