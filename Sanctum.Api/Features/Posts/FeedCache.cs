using System.Globalization;
using System.Text.Json;
using Sanctum.Api.Infrastructure.Json;
using StackExchange.Redis;

namespace Sanctum.Api.Features.Posts;

/// <summary>
/// Redis cache of the shared (anonymous) view of feed pages and post details. Personal fields (<c>liked</c>,
/// <c>user_vote_option_id</c>) are never cached: a cached value always has <c>liked: false</c> and no vote, and
/// <see cref="PostService"/> overlays an authenticated caller's own state with one small query.
/// <list type="bullet">
/// <item><c>posts:feed:version</c>: integer, no TTL. INCR'd after every committed write that can change any feed
/// page: post create, update, delete, like, unlike, vote, comment create and delete.</item>
/// <item><c>posts:feed:v&lt;version&gt;:&lt;sanctum id|all&gt;:&lt;limit&gt;:&lt;offset&gt;</c>: JSON [Post] of one
/// <c>GET /api/posts</c> page, TTL <see cref="FeedTtl"/>. Never deleted one by one: a version bump makes every
/// older page unreachable and its TTL reclaims it.</item>
/// <item><c>post:&lt;id&gt;</c>: JSON Post of <c>GET /api/posts/:id</c>, TTL <see cref="PostTtl"/>. Deleted after
/// every committed write to that post: update, delete, like, unlike, vote, comment create and delete.</item>
/// </list>
/// Not invalidated: a changed author profile (username, avatar) or a deleted sanctum (its posts' <c>sanctum_id</c>
/// becomes null) shows within the TTL. A reader that missed, read the database before a write committed and stores
/// after that write's invalidation can leave a stale detail for at most <see cref="PostTtl"/>; feed pages cannot go
/// stale this way because the version is read before the database.
/// The cache is best-effort: when Redis fails, reads fall through to the database and a failed invalidation is
/// logged (the write itself has committed), leaving at most one TTL of staleness.
/// </summary>
public sealed class FeedCache(IConnectionMultiplexer redis, ILogger<FeedCache> logger)
{
    public static readonly TimeSpan FeedTtl = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan PostTtl = TimeSpan.FromMinutes(2);

    private const string VersionKey = "posts:feed:version";

    private static RedisKey PostKey(long id) => $"post:{id}";

    private static RedisKey FeedKey(long version, long? sanctumId, int limit, int offset) =>
        string.Create(CultureInfo.InvariantCulture, $"posts:feed:v{version}:{(sanctumId is { } id ? id.ToString(CultureInfo.InvariantCulture) : "all")}:{limit}:{offset}");

    /// <summary>The current feed version, read before the database so a page is stored under the version it belongs to.
    /// Null when Redis is unreachable: the page is then neither read from nor written to the cache.</summary>
    public async Task<long?> FeedVersionAsync()
    {
        var value = await TryAsync(db => db.StringGetAsync(VersionKey), "read the feed version");
        return value is not { } version ? null : version.IsNullOrEmpty ? 0 : (long)version;
    }

    public async Task<IReadOnlyList<PostDto>?> GetFeedAsync(long version, long? sanctumId, int limit, int offset)
    {
        var value = await TryAsync(db => db.StringGetAsync(FeedKey(version, sanctumId, limit, offset)), "read a feed page");
        return value is not { IsNullOrEmpty: false } json ? null : JsonSerializer.Deserialize<IReadOnlyList<PostDto>>((string)json!, JsonSetup.Options);
    }

    public Task SetFeedAsync(long version, long? sanctumId, int limit, int offset, IReadOnlyList<PostDto> page) =>
        TryAsync(db => db.StringSetAsync(FeedKey(version, sanctumId, limit, offset), JsonSerializer.Serialize(page, JsonSetup.Options), FeedTtl), "store a feed page");

    public async Task<PostDto?> GetPostAsync(long id)
    {
        var value = await TryAsync(db => db.StringGetAsync(PostKey(id)), "read a post");
        return value is not { IsNullOrEmpty: false } json ? null : JsonSerializer.Deserialize<PostDto>((string)json!, JsonSetup.Options);
    }

    public Task SetPostAsync(PostDto post) =>
        TryAsync(db => db.StringSetAsync(PostKey(post.Id), JsonSerializer.Serialize(post, JsonSetup.Options), PostTtl), "store a post");

    /// <summary>After a write to one post: its detail goes and every feed page moves to a new version.</summary>
    public Task InvalidatePostAsync(long id) =>
        TryAsync(async db =>
        {
            var batch = db.CreateBatch();
            var delete = batch.KeyDeleteAsync(PostKey(id));
            var bump = batch.StringIncrementAsync(VersionKey);
            batch.Execute();
            await Task.WhenAll(delete, bump);
            return true;
        }, "invalidate a post");

    /// <summary>After a new post: only the feed pages change.</summary>
    public Task InvalidateFeedAsync() => TryAsync(db => db.StringIncrementAsync(VersionKey), "invalidate the feed");

    private async Task<T?> TryAsync<T>(Func<IDatabase, Task<T>> action, string what) where T : struct
    {
        try
        {
            return await action(redis.GetDatabase());
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Feed cache could not {What}; continuing without the cache", what);
            return null;
        }
    }
}
