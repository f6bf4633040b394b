using System.Globalization;

namespace Sanctum.Api.Infrastructure.Data;

/// <summary>The limit/offset rules of contract 0.5: a missing or non-positive limit takes the route default, the cap is 100.</summary>
public static class Paging
{
    public const int MaxLimit = 100;

    /// <summary>
    /// Default and maximum of the lists the contract leaves unpaginated or hard-capped (its own hard caps are 1000).
    /// A client that sends no <c>limit</c> gets what the contract promises (the whole list, up to this cap); one that
    /// pages gets at most this many per page. Nothing is listed without a bound.
    /// </summary>
    public const int ListCap = 1000;

    public static int Limit(int? requested, int defaultLimit, int maxLimit = MaxLimit) =>
        requested is null or <= 0 ? defaultLimit : Math.Min(requested.Value, maxLimit);

    public static int Offset(int? requested) => requested is null or < 0 ? 0 : requested.Value;

    public static Page Of(int? limit, int? offset, int defaultLimit, int maxLimit = MaxLimit) =>
        new(Limit(limit, defaultLimit, maxLimit), Offset(offset));

    /// <summary>A page of a list whose default and maximum are both <paramref name="cap"/>.</summary>
    public static Page Capped(ListPageQuery query, int cap = ListCap) => Of(query.Limit, query.Offset, cap, cap);
}

/// <summary>A resolved page: the <c>LIMIT</c> and <c>OFFSET</c> a store applies.</summary>
public readonly record struct Page(int Limit, int Offset)
{
    /// <summary>The page of a list already held in full (e.g. a cached list).</summary>
    public IReadOnlyList<T> Slice<T>(IReadOnlyList<T> items) => items.Skip(Offset).Take(Limit).ToList();
}

/// <summary>Optional <c>limit</c>/<c>offset</c> of a list the contract leaves unpaginated (see <see cref="Paging.ListCap"/>).</summary>
public sealed record ListPageQuery(QueryInt? Limit = null, QueryInt? Offset = null);

/// <summary>
/// A paging number from the query string, read as contract 0.5 reads it: a value that is not an integer
/// (<c>?limit=abc</c>, an overflow) counts as missing, so the route's default applies, as in the original, instead of
/// a binding failure. Query records declare it as <c>QueryInt? Limit = null</c>, which makes it optional (a class,
/// because the request delegate factory cannot use a struct's <c>default</c> as a parameter's default value).
/// </summary>
public sealed record QueryInt(int? Value)
{
    public static bool TryParse(string? text, IFormatProvider? provider, out QueryInt result)
    {
        result = new(int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : (int?)null);
        return true;
    }

    public static implicit operator int?(QueryInt? query) => query?.Value;

    public static implicit operator QueryInt(int? value) => new(value);
}
