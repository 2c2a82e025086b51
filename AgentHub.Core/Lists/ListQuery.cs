using System.Linq.Expressions;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace AgentHub.Core.Lists;

/// <summary>
/// One screen of a list: the search text, the column to sort by and its direction, and the page
/// (zero-based) of <see cref="PageSize"/> rows. Everything runs in the database query.
/// </summary>
public sealed record ListQuery
{
    /// <summary>Rows per page when none is asked for.</summary>
    public const int DefaultPageSize = 25;

    /// <summary>The most rows one page may ask for.</summary>
    public const int MaxPageSize = 100;

    /// <summary>Text to find, ignoring case, in the list's searchable columns; blank for every row.</summary>
    public string? Search { get; init; }

    /// <summary>The sort key of a column (the list's own names, such as <c>name</c>); null or unknown for the default order.</summary>
    public string? Sort { get; init; }

    public bool Descending { get; init; }

    /// <summary>A named filter of the list (the list's own names, such as <c>attention</c>); null or unknown for every row.</summary>
    public string? Filter { get; init; }

    /// <summary>Zero-based page index.</summary>
    public int Page { get; init; }

    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>The search text trimmed, or null when blank.</summary>
    internal string? Term => string.IsNullOrWhiteSpace(Search) ? null : Search.Trim();

    internal int Skip => Math.Max(0, Page) * Take;

    internal int Take => Math.Clamp(PageSize, 1, MaxPageSize);

    /// <summary>The zero-based index of the last page of <paramref name="matching"/> rows, <paramref name="pageSize"/> a page (0 when none match).</summary>
    public static int LastPage(int matching, int pageSize) => Math.Max(0, (matching - 1) / Math.Clamp(pageSize, 1, MaxPageSize));
}

/// <summary>One page of rows and how many rows match the search in all (for the pager).</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, int Matching);

/// <summary>The query parts every list shares: a portable case-insensitive LIKE pattern and ordering by a column key.</summary>
internal static class ListQueries
{
    /// <summary>The escape character of <see cref="ContainsPattern"/>.</summary>
    public const string Escape = "\\";

    /// <summary>
    /// A LIKE pattern matching <paramref name="term"/> anywhere in an upper-cased column (NFKC, upper
    /// case invariant, the form of the <c>Normalized*</c> columns), with LIKE's wildcards escaped.
    /// </summary>
    public static string ContainsPattern(string term)
    {
        var key = term.Normalize(NormalizationForm.FormKC).ToUpperInvariant();
        var escaped = key.Replace(Escape, Escape + Escape, StringComparison.Ordinal)
            .Replace("%", Escape + "%", StringComparison.Ordinal)
            .Replace("_", Escape + "_", StringComparison.Ordinal);
        return $"%{escaped}%";
    }

    /// <summary>Orders by <paramref name="key"/> in the query's direction, then by <paramref name="tieBreak"/> so pages never overlap.</summary>
    public static IOrderedQueryable<T> OrderBy<T, TKey>(
        this IQueryable<T> rows, Expression<Func<T, TKey>> key, bool descending, Expression<Func<T, Guid>> tieBreak) =>
        descending
            ? rows.OrderByDescending(key).ThenBy(tieBreak)
            : rows.OrderBy(key).ThenBy(tieBreak);

    /// <summary>
    /// Orders by a nullable <paramref name="key"/> with the rows without a value first when ascending
    /// (last when descending) on every store: SQLite and PostgreSQL place nulls differently.
    /// </summary>
    public static IOrderedQueryable<T> OrderByNullsFirst<T, TKey>(
        this IQueryable<T> rows, Expression<Func<T, TKey?>> key, bool descending, Expression<Func<T, Guid>> tieBreak) where TKey : struct
    {
        var hasValue = Expression.Lambda<Func<T, bool>>(
            Expression.NotEqual(key.Body, Expression.Constant(null, typeof(TKey?))), key.Parameters);
        return descending
            ? rows.OrderByDescending(hasValue).ThenByDescending(key).ThenBy(tieBreak)
            : rows.OrderBy(hasValue).ThenBy(key).ThenBy(tieBreak);
    }

    /// <summary>The ids of the providers whose display name contains <paramref name="term"/>, ignoring case.</summary>
    public static List<string> ProvidersMatching(Providers.ProviderCatalog catalog, string term) =>
        catalog.All
            .Where(s => s.DisplayName.Contains(term, StringComparison.OrdinalIgnoreCase) || s.Id.Contains(term, StringComparison.OrdinalIgnoreCase))
            .Select(s => s.Id)
            .ToList();

    /// <summary>
    /// A CASE expression giving each provider id its display name, so a column sorts by what the table shows.
    /// </summary>
    public static Expression<Func<T, string>> ProviderName<T>(Providers.ProviderCatalog catalog, Expression<Func<T, string>> providerId)
    {
        Expression body = providerId.Body;
        Expression name = body;
        foreach (var schema in catalog.All.OrderByDescending(s => s.Id, StringComparer.Ordinal))
        {
            name = Expression.Condition(
                Expression.Equal(body, Expression.Constant(schema.Id)),
                Expression.Constant(schema.DisplayName),
                name);
        }

        return Expression.Lambda<Func<T, string>>(name, providerId.Parameters);
    }

    /// <summary>
    /// Reads the page <paramref name="query"/> asks for in the order <paramref name="order"/> gives, and
    /// how many rows of <paramref name="filtered"/> match: a page that is not full is the last one, so
    /// the count is known without a second query (a search that finds a few rows costs one query; the
    /// count, which reads every match, runs only when there may be more).
    /// </summary>
    public static async Task<(List<T> Rows, int Matching)> PageAsync<T>(
        this IQueryable<T> filtered, Func<IQueryable<T>, IQueryable<T>> order, ListQuery query, CancellationToken cancellationToken)
    {
        var rows = await order(filtered).Skip(query.Skip).Take(query.Take).ToListAsync(cancellationToken);
        var lastPage = rows.Count < query.Take && (rows.Count > 0 || query.Skip == 0);
        var matching = lastPage ? query.Skip + rows.Count : await filtered.CountAsync(cancellationToken);
        return (rows, matching);
    }
}
