using AgentHub.Core.Verification.Http;

namespace AgentHub.Tests.Core.Verification;

/// <summary>The clients the gateway keeps per private CA, on real connections to the Custom fake.</summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class PinnedTrustClientsTests(FakeProviders fakes)
{
    private static readonly string FakeCa = TestCertificates.Root.ExportCertificatePem();

    private PinnedTrustClients Clients() =>
        fakes.BuildServices(allowPrivate: true, trustFakeCertificate: false).GetRequiredService<PinnedTrustClients>();

    private Task<HttpResponseMessage> ListAsync(HttpClient client)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fakes.Custom.BaseUrl, "models"));
        request.Headers.Authorization = new("Bearer", fakes.Custom.ValidKey);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task OneCaShouldKeepOneClientAndAnotherCaGetItsOwn()
    {
        fakes.ResetAll();
        var clients = Clients();
        await using var otherCa = new FaultyEndpoint(Fault.SelfSignedCertificate);

        using var first = clients.Rent(FakeCa);
        using var second = clients.Rent(FakeCa);
        using var other = clients.Rent(otherCa.CertificatePem);
        using var trusted = await ListAsync(second.Client);
        var refused = await Record.ExceptionAsync(() => ListAsync(other.Client));

        Assert.Same(first.Client, second.Client);
        Assert.NotSame(first.Client, other.Client);
        Assert.Equal(HttpStatusCode.OK, trusted.StatusCode);
        Assert.IsType<HttpRequestException>(refused);
    }

    [Fact]
    public async Task AClientNoLongerRetainedShouldServeItsCallInFlightAndThenBeDisposed()
    {
        fakes.ResetAll();
        var clients = Clients();
        var lease = clients.Rent(FakeCa);

        clients.Retain([]);
        using var during = await ListAsync(lease.Client);
        lease.Dispose();
        lease.Dispose();
        var after = await Record.ExceptionAsync(() => ListAsync(lease.Client));
        using var again = clients.Rent(FakeCa);

        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
        Assert.IsType<ObjectDisposedException>(after);
        Assert.NotSame(lease.Client, again.Client);
    }

    [Fact]
    public void AReplacedCaShouldLetGoOfTheOldCasClient()
    {
        fakes.ResetAll();
        var clients = Clients();
        var old = clients.Rent(FakeCa);
        old.Dispose();
        using var replacement = clients.Rent(FakeCa + "\n");

        clients.Retain([FakeCa + "\n"]);

        Assert.Equal(1, clients.Count);
        Assert.Throws<ObjectDisposedException>(() => old.Client.Send(new HttpRequestMessage(HttpMethod.Get, fakes.Custom.BaseUrl)));
    }
}
