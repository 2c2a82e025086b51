using Microsoft.EntityFrameworkCore;

namespace AgentHub.Core.Usage;

/// <summary>The periods the Usage tab offers.</summary>
public enum UsagePeriod
{
    Last24Hours,
    Last7Days,
    Last30Days,
}

/// <summary>What the Usage tab asks for: a period, and optionally one agent key and one model alias.</summary>
public sealed record UsageQuery(UsagePeriod Period, Guid? AgentKeyId = null, string? ModelAlias = null);

/// <summary>One line of a chart: a model's value on each of the report's days.</summary>
public sealed record UsageSeries(string Name, IReadOnlyList<double> Values);

/// <summary>How many calls failed with one error class.</summary>
public sealed record UsageErrorCount(string ErrorClass, int Count);

/// <summary>A team's gateway usage over a period (all times UTC).</summary>
/// <param name="Days">The days of the charts, oldest first.</param>
/// <param name="RequestsPerModel">Calls per day, one series per model.</param>
/// <param name="TokensPerModel">Input plus output tokens per day, one series per model.</param>
/// <param name="Requests">Calls in the period.</param>
/// <param name="Errors">Calls that failed.</param>
/// <param name="InputTokens">Prompt tokens, as the providers counted them.</param>
/// <param name="OutputTokens">Completion tokens, as the providers counted them.</param>
/// <param name="LatencyP50Ms">Median latency of the successful calls, or null without any (nearest rank, to the tenth of a millisecond, as are the others).</param>
/// <param name="LatencyP95Ms">95th percentile latency of the successful calls.</param>
/// <param name="TimeToFirstTokenP50Ms">Median time to the first token of successful streams.</param>
/// <param name="ErrorsByClass">Failed calls by error class, most frequent first.</param>
/// <param name="Models">The model aliases called in the period (for the filter).</param>
/// <param name="Dropped">Calls of the team not recorded since the app started because the usage queue was full.</param>
public sealed record UsageReport(
    IReadOnlyList<DateOnly> Days,
    IReadOnlyList<UsageSeries> RequestsPerModel,
    IReadOnlyList<UsageSeries> TokensPerModel,
    int Requests,
    int Errors,
    long InputTokens,
    long OutputTokens,
    double? LatencyP50Ms,
    double? LatencyP95Ms,
    double? TimeToFirstTokenP50Ms,
    IReadOnlyList<UsageErrorCount> ErrorsByClass,
    IReadOnlyList<string> Models,
    long Dropped)
{
    /// <summary>The report of a team without any call (or of a caller who is not a member).</summary>
    public static UsageReport Empty { get; } = new([], [], [], 0, 0, 0, 0, null, null, null, [], [], 0);
}

/// <summary>Reads a team's usage for the Usage tab (Admins and Viewers alike).</summary>
public sealed class UsageService(IDbContextFactory<AgentHubDbContext> factory, TeamAccess access, UsageRecorder recorder, TimeProvider time)
{
    /// <summary>The name charts and tables give calls that named no model.</summary>
    public const string NoModel = "(no model)";

    /// <summary>The team's usage for the query; empty for someone outside the team.</summary>
    public async Task<UsageReport> ReportAsync(Actor actor, UsageQuery query, CancellationToken cancellationToken = default)
    {
        var teamId = actor.TeamId;
        if (!await access.IsMemberAsync(actor, cancellationToken))
        {
            return UsageReport.Empty;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var from = now - Span(query.Period);
        // The period ends with today: a call stamped later (another instance's clock ahead) counts nowhere.
        var until = DateOnly.FromDateTime(now).AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var calls = db.Set<UsageRecord>().AsNoTracking().Where(r => r.TeamId == teamId);
        // The filter's choices: every model called in the period, whatever the filter (unfiltered, the sums below name them all).
        var filtered = query.AgentKeyId is not null || query.ModelAlias is not null;
        var models = filtered ? await calls.Where(r => r.At >= from && r.At < until).Select(r => r.ModelAlias).Distinct().ToListAsync(cancellationToken) : null;
        if (query.AgentKeyId is { } keyId)
        {
            calls = calls.Where(r => r.AgentKeyId == keyId);
        }

        if (query.ModelAlias is { } alias)
        {
            calls = alias == NoModel ? calls.Where(r => r.ModelAlias == null) : calls.Where(r => r.ModelAlias == alias);
        }

        var days = Enumerable.Range(0, (int)(DateOnly.FromDateTime(now).DayNumber - DateOnly.FromDateTime(from).DayNumber) + 1)
            .Select(i => DateOnly.FromDateTime(from).AddDays(i)).ToList();
        // Summed in the database, one day at a time: a range of the (TeamId, At) index each (one lower bound, or
        // SQLite may walk from the period's start for every day), one row per model and result class, whatever the
        // number of calls (a day computed from each row's time costs more than the sums).
        var groups = new List<CallGroup>();
        foreach (var day in days)
        {
            var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var start = midnight < from ? from : midnight;
            var end = midnight.AddDays(1);
            groups.AddRange(await calls
                .Where(r => r.At >= start && r.At < end)
                .GroupBy(r => new { r.ModelAlias, r.ErrorClass })
                .Select(g => new CallGroup(
                    g.Key.ModelAlias,
                    day,
                    g.Key.ErrorClass,
                    g.Count(),
                    g.Sum(r => (long)(r.InputTokens ?? 0)),
                    g.Sum(r => (long)(r.OutputTokens ?? 0))))
                .ToListAsync(cancellationToken));
        }

        var byModel = groups.GroupBy(g => g.ModelAlias ?? NoModel).OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase).ToList();
        UsageSeries Series(IGrouping<string, CallGroup> calls, Func<IEnumerable<CallGroup>, double> measure)
        {
            var perDay = calls.GroupBy(g => g.Day).ToDictionary(g => g.Key, g => measure(g));
            return new UsageSeries(calls.Key, days.Select(d => perDay.GetValueOrDefault(d)).ToList());
        }

        var successes = calls.Where(r => r.At >= from && r.At < until && r.ErrorClass == null);
        var latencies = await HistogramAsync(successes.Select(r => r.LatencyMs), cancellationToken);
        var firstTokens = await HistogramAsync(successes.Where(r => r.TimeToFirstTokenMs != null).Select(r => r.TimeToFirstTokenMs!.Value), cancellationToken);
        var requests = groups.Sum(g => g.Calls);
        return new UsageReport(
            days,
            byModel.Select(g => Series(g, calls => calls.Sum(c => c.Calls))).ToList(),
            byModel.Select(g => Series(g, calls => calls.Sum(c => (double)c.InputTokens + c.OutputTokens))).ToList(),
            requests,
            requests - groups.Where(g => g.ErrorClass is null).Sum(g => g.Calls),
            groups.Sum(g => g.InputTokens),
            groups.Sum(g => g.OutputTokens),
            NearestRank(latencies, 50),
            NearestRank(latencies, 95),
            NearestRank(firstTokens, 50),
            groups.Where(g => g.ErrorClass is not null).GroupBy(g => g.ErrorClass!)
                .Select(g => new UsageErrorCount(g.Key, g.Sum(c => c.Calls)))
                .OrderByDescending(e => e.Count).ThenBy(e => e.ErrorClass, StringComparer.Ordinal).ToList(),
            (models ?? groups.Select(g => g.ModelAlias).Distinct()).Select(m => m ?? NoModel).Order(StringComparer.OrdinalIgnoreCase).ToList(),
            recorder.DroppedFor(teamId));
    }

    /// <summary>
    /// How many of the values fall on each tenth of a millisecond, smallest first, counted in the database: as
    /// many rows as distinct durations, not as calls. Halves round up on every store (PostgreSQL's <c>round</c> of
    /// a double rounds them to even, SQLite's away from zero).
    /// </summary>
    private static Task<List<Bucket>> HistogramAsync(IQueryable<double> milliseconds, CancellationToken cancellationToken) =>
        milliseconds
            .GroupBy(v => Math.Floor(v * 10 + 0.5))
            .OrderBy(g => g.Key)
            .Select(g => new Bucket(g.Key / 10, g.Count()))
            .ToListAsync(cancellationToken);

    /// <summary>The nearest-rank percentile: the smallest value with at least p% of the values at or below it; null without any value.</summary>
    private static double? NearestRank(IReadOnlyList<Bucket> histogram, int p)
    {
        var rank = Math.Max(1, (long)Math.Ceiling(p / 100.0 * histogram.Sum(b => (long)b.Count)));
        long seen = 0;
        foreach (var bucket in histogram)
        {
            seen += bucket.Count;
            if (seen >= rank)
            {
                return bucket.Milliseconds;
            }
        }

        return null;
    }

    private static TimeSpan Span(UsagePeriod period) => period switch
    {
        UsagePeriod.Last24Hours => TimeSpan.FromHours(24),
        UsagePeriod.Last7Days => TimeSpan.FromDays(7),
        _ => TimeSpan.FromDays(30),
    };

    /// <summary>The calls of one model on one day with one result class (null: success), summed.</summary>
    private sealed record CallGroup(string? ModelAlias, DateOnly Day, string? ErrorClass, int Calls, long InputTokens, long OutputTokens);

    /// <summary>How many calls took this long (to the tenth of a millisecond).</summary>
    private sealed record Bucket(double Milliseconds, int Count);
}
