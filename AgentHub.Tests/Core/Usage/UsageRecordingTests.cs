using AgentHub.Core.AgentKeys;
using AgentHub.Core.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentHub.Tests.Core.Usage;

/// <summary>The usage queue, its flush, retention and the report's numbers, against a real SQLite file.</summary>
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

    [Fact]
    public async Task TheReportShouldCountPerDayAndModelAndTakeNearestRankPercentilesOfSuccessfulCalls()
    {
        await using var store = await TestStore.CreateAsync();
        var now = DateTime.UtcNow;
        var rows = Enumerable.Range(1, 100).Select(i => Row(store.TeamId, now.AddMinutes(-i), latency: i, alias: i % 2 == 0 ? "even" : "odd")).ToList();
        rows.Add(Row(store.TeamId, now.AddMinutes(-1), latency: 10_000, alias: "odd", error: "Timeout"));
        rows.Add(Row(Guid.NewGuid(), now.AddMinutes(-1), latency: 1));
        await AddAsync(store, [.. rows]);
        var usage = store.Services.GetRequiredService<UsageService>();

        var report = await usage.ReportAsync(store.Admin, new UsageQuery(UsagePeriod.Last7Days));
        var odd = await usage.ReportAsync(store.Admin, new UsageQuery(UsagePeriod.Last7Days, ModelAlias: "odd"));
        var outsider = await usage.ReportAsync(new("someone-else", store.TeamId), new UsageQuery(UsagePeriod.Last7Days));

        Assert.Equal((101, 1), (report.Requests, report.Errors));
        Assert.Equal((50.0, 95.0), (report.LatencyP50Ms, report.LatencyP95Ms));
        Assert.Equal([new UsageErrorCount("Timeout", 1)], report.ErrorsByClass);
        Assert.Equal(["even", "odd"], report.RequestsPerModel.Select(s => s.Name));
        Assert.Equal(50, report.RequestsPerModel.Single(s => s.Name == "even").Values.Sum());
        Assert.Equal(50 * 30, report.TokensPerModel.Single(s => s.Name == "even").Values.Sum());
        Assert.Equal(8, report.Days.Count);
        Assert.Equal(51, odd.Requests);
        Assert.Equal(0, outsider.Requests);
    }

    internal static UsageRecord Row(Guid teamId, DateTime at, double latency = 5, string alias = "gpt-4o", string? error = null) => new()
    {
        TeamId = teamId,
        AgentKeyId = Guid.NewGuid(),
        At = at,
        ModelAlias = alias,
        ProviderId = "openai",
        Status = error is null ? 200 : 504,
        ErrorClass = error,
        LatencyMs = latency,
        InputTokens = 10,
        OutputTokens = 20,
    };

    internal static async Task AddAsync(TestStore store, params UsageRecord[] rows)
    {
        await using var db = await store.OpenDbAsync();
        db.Set<UsageRecord>().AddRange(rows);
        await db.SaveChangesAsync();
    }
}
