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
/// <param name="LatencyP50Ms">Median latency of the successful calls, or null without any.</param>
/// <param name="LatencyP95Ms">95th percentile latency of the successful calls (nearest rank).</param>
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
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var period = db.Set<UsageRecord>().AsNoTracking().Where(r => r.TeamId == teamId && r.At >= from);
        var models = await period.Select(r => r.ModelAlias).Distinct().ToListAsync(cancellationToken);
        if (query.AgentKeyId is { } keyId)
        {
            period = period.Where(r => r.AgentKeyId == keyId);
        }

        if (query.ModelAlias is { } alias)
        {
            period = alias == NoModel ? period.Where(r => r.ModelAlias == null) : period.Where(r => r.ModelAlias == alias);
        }

        // Aggregated in the database: one row per model, day and error class, whatever the number of calls.
        var groups = await period
            .GroupBy(r => new { r.ModelAlias, Day = r.At.Date, r.ErrorClass })
            .Select(g => new CallGroup(
                g.Key.ModelAlias,
                g.Key.Day,
                g.Key.ErrorClass,
                g.Count(),
                g.Sum(r => (long)(r.InputTokens ?? 0)),
                g.Sum(r => (long)(r.OutputTokens ?? 0)),
                g.Count(r => r.TimeToFirstTokenMs != null)))
            .ToListAsync(cancellationToken);

        var days = Enumerable.Range(0, (int)(DateOnly.FromDateTime(now).DayNumber - DateOnly.FromDateTime(from).DayNumber) + 1)
            .Select(i => DateOnly.FromDateTime(from).AddDays(i)).ToList();
        var byModel = groups.GroupBy(g => g.ModelAlias ?? NoModel).OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase).ToList();
        UsageSeries Series(IGrouping<string, CallGroup> calls, Func<IEnumerable<CallGroup>, double> measure)
        {
            var perDay = calls.GroupBy(g => DateOnly.FromDateTime(g.Day)).ToDictionary(g => g.Key, g => measure(g));
            return new UsageSeries(calls.Key, days.Select(d => perDay.GetValueOrDefault(d)).ToList());
        }

        var successes = period.Where(r => r.ErrorClass == null);
        var succeeded = groups.Where(g => g.ErrorClass is null).ToList();
        var requests = groups.Sum(g => g.Calls);
        var successCount = succeeded.Sum(g => g.Calls);
        var streamCount = succeeded.Sum(g => g.WithFirstToken);
        var latencies = successes.Select(r => r.LatencyMs);
        var firstTokens = successes.Where(r => r.TimeToFirstTokenMs != null).Select(r => r.TimeToFirstTokenMs!.Value);
        return new UsageReport(
            days,
            byModel.Select(g => Series(g, calls => calls.Sum(c => c.Calls))).ToList(),
            byModel.Select(g => Series(g, calls => calls.Sum(c => (double)c.InputTokens + c.OutputTokens))).ToList(),
            requests,
            requests - successCount,
            groups.Sum(g => g.InputTokens),
            groups.Sum(g => g.OutputTokens),
            await NearestRankAsync(latencies, successCount, 50, cancellationToken),
            await NearestRankAsync(latencies, successCount, 95, cancellationToken),
            await NearestRankAsync(firstTokens, streamCount, 50, cancellationToken),
            groups.Where(g => g.ErrorClass is not null).GroupBy(g => g.ErrorClass!)
                .Select(g => new UsageErrorCount(g.Key, g.Sum(c => c.Calls)))
                .OrderByDescending(e => e.Count).ThenBy(e => e.ErrorClass, StringComparer.Ordinal).ToList(),
            models.Select(m => m ?? NoModel).Order(StringComparer.OrdinalIgnoreCase).ToList(),
            recorder.DroppedFor(teamId));
    }

    /// <summary>
    /// The nearest-rank percentile of <paramref name="count"/> values: the smallest value with at least p% of
    /// the values at or below it, read in the database (the one row at its rank), or null without any value.
    /// </summary>
    private static async Task<double?> NearestRankAsync(IQueryable<double> values, int count, int p, CancellationToken cancellationToken) =>
        count == 0 ? null : await values.OrderBy(v => v).Skip(Math.Max(0, (int)Math.Ceiling(p / 100.0 * count) - 1)).FirstAsync(cancellationToken);

    private static TimeSpan Span(UsagePeriod period) => period switch
    {
        UsagePeriod.Last24Hours => TimeSpan.FromHours(24),
        UsagePeriod.Last7Days => TimeSpan.FromDays(7),
        _ => TimeSpan.FromDays(30),
    };

    /// <summary>The calls of one model on one day with one result class (null: success), summed.</summary>
    private sealed record CallGroup(string? ModelAlias, DateTime Day, string? ErrorClass, int Calls, long InputTokens, long OutputTokens, int WithFirstToken);
}
