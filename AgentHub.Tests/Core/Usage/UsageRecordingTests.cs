using System.Text.Json.Nodes;
using AgentHub.Core.AgentKeys;
using AgentHub.Core.Usage;
using System.Data.Common;
using AgentHub.Core.Persistence;
using AgentHub.Core.Persistence.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentHub.Tests.Core.Usage;

/// <summary>The usage queue, its flush, retention and the report's numbers, against a real store.</summary>
public sealed class UsageRecordingTests
{
    [Fact]
    public async Task AFullQueueShouldCountTheDropsPerTeamAndWarnOncePerFlush()
    {
        var logs = new CapturingLoggerProvider();
        await using var store = await TestStore.CreateAsync(
            new Dictionary<string, string?> { ["AgentHub:Usage:QueueCapacity"] = "2" },
            configure: s => s.AddLogging(b => b.AddProvider(logs)));
        var recorder = store.Services.GetRequiredService<UsageRecorder>();
        var key = new AgentKeyIdentity(Guid.NewGuid(), store.TeamId, "bot", "ahk_bot", []);

        for (var i = 0; i < 5; i++)
        {
            var meter = recorder.Start();
            meter.Key = key;
            recorder.Record(meter, 200, null);
        }

        var written = await store.Services.GetRequiredService<UsageWriter>().FlushAsync();

        Assert.Equal(2, written);
        Assert.Equal(3, recorder.DroppedFor(store.TeamId));
        Assert.Equal(0, recorder.DroppedFor(Guid.NewGuid()));
        Assert.Single(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("3 gateway calls were not recorded", StringComparison.Ordinal));
        var report = await store.Services.GetRequiredService<UsageService>().ReportAsync(store.Admin, new UsageQuery(UsagePeriod.Last24Hours));
        Assert.Equal((2, 3L), (report.Requests, report.Dropped));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task AFlushShouldStoreEveryFieldOfEveryQueuedCallAndTheKeysLastUse(StoreKind kind)
    {
        await using var store = await TestStore.CreateAsync(store: kind);
        var recorder = store.Services.GetRequiredService<UsageRecorder>();
        var keyId = (await store.Services.GetRequiredService<AgentKeyService>().CreateAsync(store.Admin, new AgentKeyInput { Name = "bot" })).ValueOrFail().Summary.Id;
        var key = new AgentKeyIdentity(keyId, store.TeamId, "bot", "ahk_bot", []);
        var streamed = recorder.Start();
        streamed.Key = key;
        streamed.ModelAlias = "team-chat";
        streamed.ProviderId = "openai";
        streamed.Streamed = true;
        streamed.FirstToken();
        streamed.ReadUsage(new JsonObject { ["usage"] = new JsonObject { ["prompt_tokens"] = 12, ["completion_tokens"] = 34 } });
        var expected = new List<UsageRecord?> { streamed.Complete(200, null) };
        recorder.Record(streamed, 200, null);
        // A failed call carries nulls where nothing was known; 1,200 rows take more than one batch.
        for (var i = 0; i < 1_200; i++)
        {
            var failed = recorder.Start();
            failed.Key = key;
            failed.ModelAlias = $"missing-{i}";
            expected.Add(failed.Complete(404, "model_not_found"));
            recorder.Record(failed, 404, "model_not_found");
        }

        var written = await store.Services.GetRequiredService<UsageWriter>().FlushAsync();

        Assert.Equal(1_201, written);
        await using var db = await store.OpenDbAsync();
        var rows = await db.Set<UsageRecord>().OrderBy(r => r.Id).ToListAsync();
        Assert.Equal(1_201, rows.Count);
        var first = rows[0];
        Assert.Equal(
            (store.TeamId, keyId, "team-chat", "openai", 200, (string?)null, true, 12, 34),
            (first.TeamId, first.AgentKeyId, first.ModelAlias, first.ProviderId, first.Status, first.ErrorClass, first.Streamed, first.InputTokens!.Value, first.OutputTokens!.Value));
        Assert.NotNull(first.TimeToFirstTokenMs);
        Assert.True(first.LatencyMs >= first.TimeToFirstTokenMs);
        Assert.InRange((first.At - expected[0]!.At).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
        var last = rows[^1];
        Assert.Equal(
            ("missing-1199", (string?)null, 404, "model_not_found", false, (double?)null, (int?)null, (int?)null),
            (last.ModelAlias, last.ProviderId, last.Status, last.ErrorClass, last.Streamed, last.TimeToFirstTokenMs, last.InputTokens, last.OutputTokens));
        Assert.Equal(expected.Select(e => e!.ModelAlias), rows.Select(r => r.ModelAlias));
        var lastUsed = (await db.AgentKeys.SingleAsync(k => k.Id == keyId)).LastUsedAt;
        Assert.Equal(rows.Max(r => r.At), lastUsed);
    }

    [Fact]
    public async Task AFlushAtAShutdownThatNoLongerWaitsShouldNeitherThrowNorHang()
    {
        await using var store = await TestStore.CreateAsync();
        var writer = store.Services.GetRequiredService<UsageWriter>();
        var service = new UsageFlushService(writer, TimeProvider.System, NullLogger<UsageFlushService>.Instance);
        using var stopped = new CancellationTokenSource();
        await stopped.CancelAsync();

        var written = await writer.FlushAsync(stopped.Token);
        var stop = service.StopAsync(stopped.Token);
        await stop.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, written);
        Assert.True(stop.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task RetentionShouldDeleteRowsOlderThanTheSetting()
    {
        await using var store = await TestStore.CreateAsync(new Dictionary<string, string?> { ["AgentHub:Usage:Retention"] = "10.00:00:00" });
        var now = DateTime.UtcNow;
        await AddAsync(store, Row(store.TeamId, now.AddDays(-11)), Row(store.TeamId, now.AddDays(-9)), Row(store.TeamId, now.AddMinutes(-1)));

        var deleted = await store.Services.GetRequiredService<UsageWriter>().DeleteExpiredAsync();

        Assert.Equal(1, deleted);
        await using var db = await store.OpenDbAsync();
        Assert.Equal(2, await db.Set<UsageRecord>().CountAsync());
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task TheReportShouldCountPerDayAndModelAndTakeNearestRankPercentilesOfSuccessfulCalls(StoreKind kind)
    {
        await using var store = await TestStore.CreateAsync(store: kind);
        var now = DateTime.UtcNow;
        var rows = Enumerable.Range(1, 100).Select(i => Row(store.TeamId, now.AddMinutes(-i), latency: i, alias: i % 2 == 0 ? "even" : "odd")).ToList();
        rows.Add(Row(store.TeamId, now.AddMinutes(-1), latency: 10_000, alias: "odd", error: "Timeout"));
        rows.Add(Row(Guid.NewGuid(), now.AddMinutes(-1), latency: 1));
        // Three streams, two and three days ago: their first tokens' median is 200 ms.
        rows.AddRange(new double[] { 300, 100, 200 }.Select((ttft, i) => Row(store.TeamId, now.AddDays(-2 - i % 2), latency: 1_000, alias: "stream", ttft: ttft)));
        await AddAsync(store, [.. rows]);
        var usage = store.Services.GetRequiredService<UsageService>();

        var report = await usage.ReportAsync(store.Admin, new UsageQuery(UsagePeriod.Last7Days));
        var odd = await usage.ReportAsync(store.Admin, new UsageQuery(UsagePeriod.Last7Days, ModelAlias: "odd"));
        var outsider = await usage.ReportAsync(new("someone-else", store.TeamId), new UsageQuery(UsagePeriod.Last7Days));

        Assert.Equal((104, 1), (report.Requests, report.Errors));
        Assert.Equal((52.0, 98.0), (report.LatencyP50Ms, report.LatencyP95Ms));
        Assert.Equal(200.0, report.TimeToFirstTokenP50Ms);
        Assert.Equal((104L * 10, 104L * 20), (report.InputTokens, report.OutputTokens));
        Assert.Equal([new UsageErrorCount("Timeout", 1)], report.ErrorsByClass);
        Assert.Equal(["even", "odd", "stream"], report.RequestsPerModel.Select(s => s.Name));
        Assert.Equal(50, report.RequestsPerModel.Single(s => s.Name == "even").Values.Sum());
        Assert.Equal(50 * 30, report.TokensPerModel.Single(s => s.Name == "even").Values.Sum());
        var streams = report.RequestsPerModel.Single(s => s.Name == "stream").Values;
        Assert.Equal(new double[] { 2, 1 }, new[] { streams[^3], streams[^4] });
        Assert.Equal(8, report.Days.Count);
        Assert.Equal((51, 49.0), (odd.Requests, odd.LatencyP50Ms));
        // The model filter offers every model of the period, filtered or not.
        Assert.Equal(["even", "odd", "stream"], report.Models);
        Assert.Equal(["even", "odd", "stream"], odd.Models);
        Assert.Equal(0, outsider.Requests);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task TheReportShouldRoundDurationsAlikeOnEveryStoreAndCountNoCallStampedAfterToday(StoreKind kind)
    {
        await using var store = await TestStore.CreateAsync(store: kind);
        var now = DateTime.UtcNow;
        // 12.25 ms is exactly half a tenth: PostgreSQL's round() of a double goes to even (12.2), SQLite's away from zero.
        await AddAsync(store, Row(store.TeamId, now.AddMinutes(-1), latency: 12.25, ttft: 12.25),
            Row(store.TeamId, now.AddDays(1).AddHours(1), latency: 900, alias: "ahead"));

        var report = await store.Services.GetRequiredService<UsageService>().ReportAsync(store.Admin, new UsageQuery(UsagePeriod.Last24Hours));

        Assert.Equal((12.3, 12.3, 12.3), (report.LatencyP50Ms, report.LatencyP95Ms, report.TimeToFirstTokenP50Ms));
        // A call stamped after today (another instance's clock ahead) is in none of the numbers.
        Assert.Equal(1, report.Requests);
        Assert.Equal(["gpt-4o"], report.Models);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task TheReportShouldReadSumsFromTheDatabaseNotEveryCall(StoreKind kind)
    {
        var reads = new RowsRead();
        await using var store = await TestStore.CreateAsync(store: kind, configure: s =>
        {
            if (kind == StoreKind.PostgreSql)
            {
                s.ConfigureDbContext<PostgreSqlAgentHubDbContext>(o => o.AddInterceptors(reads));
            }
            else
            {
                s.ConfigureDbContext<AgentHubDbContext>(o => o.AddInterceptors(reads));
            }
        });
        var now = DateTime.UtcNow;
        await AddAsync(store, [.. Enumerable.Range(0, 2_000).Select(i => Row(store.TeamId, now.AddMinutes(-5 * i), latency: 100 + i % 50, alias: $"model-{i % 3}", error: i % 10 == 0 ? "Timeout" : null))]);
        reads.Count = 0;

        var report = await store.Services.GetRequiredService<UsageService>().ReportAsync(store.Admin, new UsageQuery(UsagePeriod.Last30Days));

        Assert.Equal((2_000, 200), (report.Requests, report.Errors));
        // The member check, the model list, one row per model, day and result class, and one per distinct duration
        // (45 here): a team's thousands of calls never travel to the app (the old report read all 2,000).
        Assert.InRange(reads.Count, 1, 150);
        Assert.Equal((125.0, 147.0), (report.LatencyP50Ms, report.LatencyP95Ms));
    }

    internal static UsageRecord Row(Guid teamId, DateTime at, double latency = 5, string alias = "gpt-4o", string? error = null, double? ttft = null) => new()
    {
        TeamId = teamId,
        AgentKeyId = Guid.NewGuid(),
        At = at,
        ModelAlias = alias,
        ProviderId = "openai",
        Status = error is null ? 200 : 504,
        ErrorClass = error,
        LatencyMs = latency,
        TimeToFirstTokenMs = ttft,
        Streamed = ttft is not null,
        InputTokens = 10,
        OutputTokens = 20,
    };

    internal static async Task AddAsync(TestStore store, params UsageRecord[] rows)
    {
        await using var db = await store.OpenDbAsync();
        db.Set<UsageRecord>().AddRange(rows);
        await db.SaveChangesAsync();
    }

    /// <summary>Counts the rows the app reads from the database, across every query.</summary>
    private sealed class RowsRead : DbCommandInterceptor
    {
        public int Count;

        public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
        {
            Interlocked.Add(ref Count, eventData.ReadCount);
            return result;
        }
    }
}
