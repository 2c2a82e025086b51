// Times the Usage tab's report over a team with many recorded gateway calls, through the Core services:
// UsageReport <data folder> [calls, default 1000000]. The calls are spread over the last 29.9 days and 20 models
// (one in 20 failed, one in 4 streamed) and written in one SQL statement; the report (Last 30 days, no filter)
// is read once to warm up, then five times, each timed and its allocations counted.
using System.Diagnostics;
using AgentHub.Bench.Seeder;
using AgentHub.Core.Persistence;
using AgentHub.Core.Usage;
using Microsoft.EntityFrameworkCore;

if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("Usage: UsageReport <data folder> [calls]");
    return 2;
}

var data = Path.GetFullPath(args[0]);
var calls = args.Length > 1 ? int.Parse(args[1]) : 1_000_000;
if (Directory.Exists(data))
{
    Directory.Delete(data, recursive: true);
}

Directory.CreateDirectory(data);
using var host = await Seeding.StartHostAsync(data);
var owner = await Seeding.CreateOwnerAsync(host.Services);
var clock = Stopwatch.StartNew();
await using (var db = await host.Services.GetRequiredService<IDbContextFactory<AgentHubDbContext>>().CreateDbContextAsync())
{
    // EF's SQLite store keeps a Guid as upper-case text and a time as sortable text, as written here.
    await db.Database.ExecuteSqlRawAsync(
        """
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < {0})
        INSERT INTO UsageRecords (TeamId, AgentKeyId, At, ModelAlias, ProviderId, Status, ErrorClass, Streamed, LatencyMs, TimeToFirstTokenMs, InputTokens, OutputTokens)
        SELECT {1}, {2}, strftime('%Y-%m-%d %H:%M:%f', 'now', '-' || (i * 2580000.0 / {0}) || ' seconds'), 'model-' || (i % 20), 'custom',
               CASE WHEN i % 20 = 0 THEN 504 ELSE 200 END, CASE WHEN i % 20 = 0 THEN 'Timeout' END, i % 4 = 0,
               100 + (i * 7919) % 900, CASE WHEN i % 4 = 0 THEN 20 + (i * 104729) % 300 END, 500, 200
        FROM n
        """,
        calls, owner.TeamId.ToString().ToUpperInvariant(), Guid.NewGuid().ToString().ToUpperInvariant());
}

Console.WriteLine($"usage: {calls:N0} calls written in {clock.Elapsed.TotalSeconds:F1} s");
var usage = host.Services.GetRequiredService<UsageService>();
var query = new UsageQuery(UsagePeriod.Last30Days);
var warm = await usage.ReportAsync(owner, query);
if (warm.Requests != calls)
{
    Console.Error.WriteLine($"usage: the report counted {warm.Requests:N0} calls, not {calls:N0}");
    return 1;
}

var times = new List<double>();
var allocations = new List<double>();
for (var repeat = 0; repeat < 5; repeat++)
{
    var before = GC.GetTotalAllocatedBytes(precise: true);
    clock.Restart();
    await usage.ReportAsync(owner, query);
    times.Add(clock.Elapsed.TotalMilliseconds);
    allocations.Add((GC.GetTotalAllocatedBytes(precise: true) - before) / 1e6);
}

times.Sort();
Console.WriteLine($"usage report, {calls:N0} calls over 30 days: median {times[2]:F0} ms (fastest {times[0]:F0}, slowest {times[4]:F0}), "
    + $"{allocations.Order().ElementAt(2):F1} MB allocated per report; p50 {warm.LatencyP50Ms} ms, p95 {warm.LatencyP95Ms} ms, "
    + $"first token p50 {warm.TimeToFirstTokenP50Ms} ms, {warm.Errors:N0} errors");
return 0;
