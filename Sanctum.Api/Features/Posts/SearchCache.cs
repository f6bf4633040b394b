using System.Globalization;
using Sanctum.Api.Infrastructure.Caching;
using StackExchange.Redis;

namespace Sanctum.Api.Features.Posts;

/// <summary>
/// Redis cache of search pages as the ids they hold, which is the costly part of a search: finding the matches newest
/// first (a walk of the newest posts testing each, or an index search over all of them). The posts themselves come
/// through the post detail cache (<see cref="FeedCache"/>'s <c>post:&lt;id&gt;</c>, deleted by every write to its post)
/// and by primary key where it misses (<see cref="PostQueryStore.ByIdsAsync"/>), with the caller's own like and vote
/// overlaid (<see cref="PostViewers"/>): counts are as fresh as a post's detail, and no personal field is cached.
/// <list type="bullet">
/// <item><c>posts:search:version</c>: integer, no TTL. INCR'd after every committed write that can change which posts
/// match a text, or their order: post create, update and delete. Likes, votes and comments do not change the ids.</item>
/// <item><c>posts:search:&lt;limit&gt;:&lt;offset&gt;:&lt;text&gt;</c>: <c>&lt;version&gt;:&lt;id&gt;,&lt;id&gt;,…</c>, the
/// ids of one page in order under the version they were found at (empty after the colon: no match), TTL
/// <see cref="Ttl"/>. The text is the trimmed query as sent (at most <see cref="PostLimits.SearchQuery"/> characters;
/// <c>GET /api/posts/search</c> is rate limited per client, which bounds the keys one client makes). A value of an
/// older version is a miss and is overwritten; the TTL reclaims the rest.</item>
/// </list>
/// Races: the version and the page are read in one MGET before the search, and a page is stored only while the version
/// is still the one read (a script), so a search that raced a write is never stored. A post deleted between the read
/// of a cached page and the read of its posts makes the page short, and the caller then searches afresh.
/// Failure policy (<see cref="RedisCache"/>): a failed read is a miss and nothing is stored; a failed store is
/// skipped; a failed invalidation is logged and the write still answers its 2xx, leaving at most one TTL of staleness.
/// </summary>
public sealed class SearchCache(RedisCache redis)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);

    private const string VersionKey = "posts:search:version";

    private static RedisKey PageKey(string text, int limit, int offset) =>
        string.Create(CultureInfo.InvariantCulture, $"posts:search:{limit}:{offset}:{text}");

    /// <summary>The cached ids of the page (null on a miss) and the current version (null when Redis is unreachable:
    /// then nothing may be stored).</summary>
    public async Task<(long[]? Ids, long? Version)> GetAsync(string text, int limit, int offset)
    {
        var found = await redis.ReadOrMissAsync("search page", db => db.StringGetAsync([VersionKey, PageKey(text, limit, offset)]));
        if (found is null)
        {
            return (null, null);
        }
        var version = found[0].IsNullOrEmpty ? 0 : (long)found[0];
        return (found[1].IsNullOrEmpty ? null : ParseIfVersion((string)found[1]!, version), version);
    }

    /// <summary>Stores the ids only while the version is still <paramref name="version"/>.</summary>
    public Task SetAsync(string text, int limit, int offset, long version, IEnumerable<long> ids) =>
        redis.FillIfVersionAsync("search page", VersionKey, version, PageKey(text, limit, offset),
            string.Create(CultureInfo.InvariantCulture, $"{version}:{string.Join(',', ids)}"), Ttl);

    /// <summary>After a post was created, edited or deleted: every cached search page is of an older version.</summary>
    public Task InvalidateAsync() => redis.InvalidateOrLogAsync("search pages", db => db.StringIncrementAsync(VersionKey));

    private static long[]? ParseIfVersion(string value, long version)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !long.TryParse(value.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var stored) || stored != version)
        {
            return null;
        }
        var ids = value.AsSpan(colon + 1);
        if (ids.IsEmpty)
        {
            return [];
        }
        var parsed = new long[ids.Count(',') + 1];
        var index = 0;
        foreach (var range in ids.Split(','))
        {
            parsed[index++] = long.Parse(ids[range], NumberStyles.None, CultureInfo.InvariantCulture);
        }
        return parsed;
    }
}
