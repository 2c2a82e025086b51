using System.ClientModel;
using AgentHub.Core.AgentKeys;
using AgentHub.Core.Gateway;
using AgentHub.Core.Persistence;
using AgentHub.Core.Usage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OpenAI.Chat;

namespace AgentHub.Tests.Web.Gateway;

/// <summary>
/// What the gateway costs and records: every call becomes one usage row with the provider's own
/// token counts, the per-key limit answers 429 without calling the provider, and the hot path
/// resolves keys and models from memory, following changes made by another instance.
/// </summary>
[Collection(FakeProvidersCollection.Name)]
public sealed class GatewayUsageAndLimitTests(FakeProviders fakes)
{
    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    public async Task ACallShouldRecordOneUsageRowWithTheProvidersTokenCounts(bool streamed, int outputTokens)
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, "openai");

        if (streamed)
        {
            await foreach (var _ in gateway.Sdk().CompleteChatStreamingAsync([new UserChatMessage("Ping?")]))
            {
            }
        }
        else
        {
            await gateway.Sdk().CompleteChatAsync([new UserChatMessage("Ping?")]);
        }

        var row = Assert.Single(await UsageAsync(gateway));
        Assert.Equal((GatewayHarness.Alias, "openai", 200, (string?)null, streamed), (row.ModelAlias, row.ProviderId, row.Status, row.ErrorClass, row.Streamed));
        Assert.Equal((7, outputTokens), (row.InputTokens, row.OutputTokens));
        Assert.Equal(await KeyIdAsync(gateway, "Agent"), row.AgentKeyId);
        Assert.True(row.LatencyMs > 0);
        Assert.Equal(streamed, row.TimeToFirstTokenMs is not null);
    }

    [Fact]
    public async Task AStreamWhoseAgentDidNotAskForUsageShouldStillRecordTheTokens()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, "openai");
        using var http = gateway.RawClient(gateway.AgentKey);

        using var response = await http.PostAsync("/v1/chat/completions", new StringContent(
            $$"""{"model":"{{GatewayHarness.Alias}}","stream":true,"messages":[{"role":"user","content":"Ping?"}]}""", System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain("\"usage\":{", body);
        var row = Assert.Single(await UsageAsync(gateway));
        Assert.Equal((7, 2), (row.InputTokens, row.OutputTokens));
    }

    [Fact]
    public async Task AnErrorCallShouldRecordItsErrorClass()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, "openai");

        var error = await Assert.ThrowsAsync<ClientResultException>(() => gateway.Sdk(model: "no-such-model").CompleteChatAsync([new UserChatMessage("Ping?")]));

        Assert.Equal(404, error.Status);
        var row = Assert.Single(await UsageAsync(gateway));
        Assert.Equal(("no-such-model", 404, "model_not_found"), (row.ModelAlias, row.Status, row.ErrorClass));
        Assert.DoesNotContain(gateway.AgentKey, string.Join(' ', row.ModelAlias, row.ProviderId, row.ErrorClass));
    }

    [Fact]
    public async Task CallsBeyondTheKeysRequestsPerMinuteShouldGet429InOpenAisEnvelopeWithoutReachingTheProvider()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, "openai");
        var limited = await gateway.CreateKeyAsync(new AgentKeyInput { Name = "Limited", RequestsPerMinute = 2 });
        var sdk = gateway.Sdk(limited.Key);

        await sdk.CompleteChatAsync([new UserChatMessage("One")]);
        await sdk.CompleteChatAsync([new UserChatMessage("Two")]);
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => sdk.CompleteChatAsync([new UserChatMessage("Three")]));
        using var raw = await gateway.RawClient(limited.Key).PostAsync("/v1/chat/completions", new StringContent(
            $$"""{"model":"{{GatewayHarness.Alias}}","messages":[{"role":"user","content":"Four"}]}""", System.Text.Encoding.UTF8, "application/json"));
        var other = await gateway.Sdk().CompleteChatAsync([new UserChatMessage("Another key has its own budget")]);

        Assert.Equal(429, refused.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, raw.StatusCode);
        Assert.True(int.Parse(raw.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        using var envelope = System.Text.Json.JsonDocument.Parse(await raw.Content.ReadAsStringAsync());
        Assert.Equal("rate_limit_exceeded", envelope.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("2 requests per minute", envelope.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.NotNull(other);
        Assert.Equal(3, gateway.Fake.Requests.Count);
        var rows = await UsageAsync(gateway, atLeast: 5);
        Assert.Equal(2, rows.Count(r => r.ErrorClass == "rate_limit_exceeded"));
    }

    [Fact]
    public async Task AWarmCallShouldReadNeitherAgentKeysNorModelsFromTheStore()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, "openai");
        var sdk = gateway.Sdk();
        await sdk.CompleteChatAsync([new UserChatMessage("Warm up")]);
        var before = gateway.Logs.Lines.Count;

        await sdk.CompleteChatAsync([new UserChatMessage("Ping?")]);

        // The log does show the store's reads: the first call loaded keys and models.
        Assert.NotEmpty(DirectoryReads(gateway.Logs.Lines.Take(before)));
        Assert.Empty(DirectoryReads(gateway.Logs.Lines.Skip(before)));
    }

    [Fact]
    public async Task RecordingUsageShouldKeepTheGatewaysViewOfKeysAndModels()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, "openai");
        var sdk = gateway.Sdk();
        await sdk.CompleteChatAsync([new UserChatMessage("Warm up")]);
        // The flush writes the call's row and the key's last-used time: neither changes what the gateway resolves.
        await UsageAsync(gateway);
        var before = gateway.Logs.Lines.Count;

        await sdk.CompleteChatAsync([new UserChatMessage("Ping?")]);

        Assert.Empty(DirectoryReads(gateway.Logs.Lines.Skip(before)));
        // Nor did the stamp move, which would have made every other instance reload too.
        await using var db = await gateway.App.Services.GetRequiredService<IDbContextFactory<AgentHubDbContext>>().CreateDbContextAsync();
        Assert.Equal(gateway.App.Services.GetRequiredService<GatewayDirectory>().LoadedVersion,
            await db.Set<GatewayStamp>().Select(s => s.Version).SingleAsync());
    }

    [Fact]
    public async Task AKeyRevokedByAnotherInstanceShouldBeRefusedWithinASecondOrTwo()
    {
        await using var gateway = await GatewayHarness.StartAsync(fakes, "openai");
        var sdk = gateway.Sdk();
        await sdk.CompleteChatAsync([new UserChatMessage("Warm up")]);

        // Another instance shares the database: it deletes the key and raises the stamp, as its interceptor would.
        await using (var db = await gateway.App.Services.GetRequiredService<IDbContextFactory<AgentHubDbContext>>().CreateDbContextAsync())
        await using (var other = new SqliteConnection(db.Database.GetConnectionString()))
        {
            await other.OpenAsync();
            await using var command = other.CreateCommand();
            command.CommandText = "DELETE FROM \"AgentKeys\" WHERE \"Name\" = 'Agent'; UPDATE \"GatewayStamps\" SET \"Version\" = \"Version\" + 1;";
            await command.ExecuteNonQueryAsync();
        }

        var deadline = DateTime.UtcNow.AddSeconds(5);
        int? status = null;
        while (status != 401 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            status = (await Record.ExceptionAsync(() => sdk.CompleteChatAsync([new UserChatMessage("Still there?")])) as ClientResultException)?.Status;
        }

        Assert.Equal(401, status);
    }

    /// <summary>The logged queries that load the gateway's directory (agent keys, models).</summary>
    private static List<string> DirectoryReads(IEnumerable<string> lines) =>
        lines.Where(l => l.Contains("Executed DbCommand", StringComparison.Ordinal)
            && (l.Contains("FROM \"AgentKeys\"", StringComparison.Ordinal) || l.Contains("FROM \"ModelConnections\"", StringComparison.Ordinal))).ToList();

    private static async Task<Guid> KeyIdAsync(GatewayHarness gateway, string name)
    {
        await using var db = await gateway.App.Services.GetRequiredService<IDbContextFactory<AgentHubDbContext>>().CreateDbContextAsync();
        return (await db.AgentKeys.SingleAsync(k => k.Name == name)).Id;
    }

    /// <summary>
    /// The stored usage once at least <paramref name="atLeast"/> rows are there: the gateway queues a call's record after its
    /// last byte went out, so the agent may read the answer a moment before the record is queued.
    /// </summary>
    private static async Task<List<UsageRecord>> UsageAsync(GatewayHarness gateway, int atLeast = 1)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            await gateway.App.Services.GetRequiredService<UsageWriter>().FlushAsync();
            await using var db = await gateway.App.Services.GetRequiredService<IDbContextFactory<AgentHubDbContext>>().CreateDbContextAsync();
            var rows = await db.Set<UsageRecord>().AsNoTracking().ToListAsync();
            if (rows.Count >= atLeast || DateTime.UtcNow > deadline)
            {
                return rows;
            }

            await Task.Delay(20);
        }
    }
}
