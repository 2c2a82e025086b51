using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;

namespace AgentHub.Tests.Web.Gateway;

/// <summary>
/// An operator's dashboards group ASP.NET Core's request metrics by route: the gateway's calls are counted under
/// their route templates, though its branch runs before routing.
/// </summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class GatewayMetricsTests(FakeProviders fakes)
{
    private const string RequestDuration = "http.server.request.duration";

    [Fact]
    public async Task EachGatewayCallShouldBeCountedUnderItsRouteTemplate()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, ProviderIds.OpenAi);
        var meters = gateway.App.Services.GetRequiredService<IMeterFactory>();
        var measured = new ConcurrentQueue<(string Method, string? Route, int Status)>();
        using var listener = new MeterListener
        {
            // Only this app's meters: other tests' hosts run in the same process.
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == RequestDuration)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            var named = tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString());
            measured.Enqueue((named["http.request.method"]!, named.GetValueOrDefault("http.route"), int.Parse(named["http.response.status_code"]!)));
        });
        listener.Start();
        var client = gateway.RawClient(gateway.AgentKey);
        var chat = new StringContent(JsonSerializer.Serialize(new { model = GatewayHarness.Alias, messages = new[] { new { role = "user", content = "Ping?" } } }),
            Encoding.UTF8, "application/json");

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/chat/completions", chat)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/models/{GatewayHarness.Alias}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/embeddings")).StatusCode);

        // A request's duration is recorded as its context ends, which may be just after the client has read the answer.
        for (var waited = 0; measured.Count < 4 && waited < 5000; waited += 50)
        {
            await Task.Delay(50);
        }

        Assert.Equal(
            [("GET", null, 404), ("POST", "/v1/chat/completions", 200), ("GET", "/v1/models", 200), ("GET", "/v1/models/{model}", 200)],
            measured.OrderBy(m => m.Route, StringComparer.Ordinal).ToArray());
    }
}
