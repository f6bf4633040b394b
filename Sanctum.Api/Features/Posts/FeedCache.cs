using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sanctum.Api.Infrastructure.Caching;
using Sanctum.Api.Infrastructure.Json;
using StackExchange.Redis;

namespace Sanctum.Api.Features.Posts;

/// <summary>
/// Redis cache of the shared (anonymous) view of feed pages and post details, which is exactly what an anonymous
/// caller may see, so an anonymous feed hit is sent as the stored text. Not in a cached value: personal fields
/// (a cached value always has <c>liked: false</c> and no <c>user_vote_option_id</c>) and the authors' private fields
/// (every embedded user is in its public form: <c>email</c> "" and the ban fields at their zero values, see
/// <see cref="Users.UserPrivacy"/>), so a ban or an email change needs no invalidation here. <see cref="PostViewers"/>
/// overlays an authenticated caller's own like and vote with one small query and, on their own posts, their full user
/// object; admins, who see every author's private fields, bypass the cache (they neither read nor fill it).
/// <list type="bullet">
/// <item><c>posts:feed:version</c>: integer, no TTL. INCR'd after every committed write that can change any feed
/// page: post create, update, delete, like, unlike, vote, comment create and delete, and an image becoming ready or
/// failed (the image worker, for the live posts that show it: their <c>image_variants</c> change).</item>
/// <item><c>posts:feed:v&lt;version&gt;:&lt;sanctum id|all&gt;:&lt;limit&gt;:&lt;offset&gt;</c>: JSON [Post] of one
/// <c>GET /api/posts</c> page, TTL <see cref="FeedTtl"/>. Never deleted one by one: a version bump makes every
/// older page unreachable and its TTL reclaims it. Limit and offset are the clamped values (<c>Paging</c>), and only
/// pages that <see cref="IsCacheable"/> are stored, so anonymous query strings cannot grow the cache without bound:
/// an offset up to <see cref="MaxCachedOffset"/> and a whole number of pages (about 1,100 keys per sanctum and
/// version at most), and never an empty page, so a <c>sanctum_id</c> without posts (any random number) creates no
/// key. Other pages are served from the database, and so are keyset pages (<c>?cursor=</c>): a cursor is any position,
/// so it would be a key of its own per request. Each replica keeps its own copy of the page of the current version in
/// front of this key (<see cref="LocalFeedPages"/>), so a hit usually costs only the version read.</item>
/// <item><c>post:&lt;id&gt;</c>: JSON Post of <c>GET /api/posts/:id</c>, TTL <see cref="PostTtl"/>; a search page's
/// posts are read (and filled) through it too (<see cref="SearchCache"/> holds only their ids). Deleted after
/// every committed write to that post: update, delete, like, unlike, vote, comment create and delete; and for every
/// post showing an image when the worker has finished it (after its status and variants commit).</item>
/// </list>
/// Races: every value is stored under the version read before its database read, and a write invalidates after it
/// commits (INCR first, then DEL). A page is stored under its version key, so a page read before a write is never
/// found after it; a detail is stored by a script only while the version is still the one read, so a detail read
/// before a write is either refused or deleted by that write.
/// Not invalidated: a changed author profile (username, avatar) or a deleted sanctum (its posts' <c>sanctum_id</c>
/// becomes null) shows within the TTL.
/// Failure policy (<see cref="RedisCache"/>): a failed read is a miss and the page or post comes from PostgreSQL (a
/// failed version read also skips storing, so nothing is stored under a version not read); a failed fill is logged
/// and skipped; a failed invalidation is logged and the committed write still answers its 2xx, leaving at most one
/// TTL of staleness.
/// </summary>
public sealed class FeedCache(RedisCache redis)
{
    public static readonly TimeSpan FeedTtl = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan PostTtl = TimeSpan.FromMinutes(2);

    /// <summary>Deeper pages are rare and each would be a key of its own.</summary>
    public const int MaxCachedOffset = 200;

    private const string VersionKey = "posts:feed:version";

    /// <summary>Feed pages are written with the encoder of ASP.NET Core's HTTP JSON options (relaxed escaping), so the
    /// stored text is byte for byte the response body and an anonymous hit is sent as it is.</summary>
    private static readonly JsonSerializerOptions PageOptions = new(JsonSetup.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static RedisKey PostKey(long id) => $"post:{id}";

    private static RedisKey FeedKey(long version, long? sanctumId, int limit, int offset) =>
        string.Create(CultureInfo.InvariantCulture, $"posts:feed:v{version}:{(sanctumId is { } id ? id.ToString(CultureInfo.InvariantCulture) : "all")}:{limit}:{offset}");

    /// <summary>The current feed version, read before the database so a page is stored under the version it belongs to.
    /// Null when Redis is unreachable: the page is then neither read from nor written to the cache.</summary>
    public async Task<long?> FeedVersionAsync()
    {
        return await redis.ReadOrMissAsync<long?>("feed version", async db =>
            await db.StringGetAsync(VersionKey) is { IsNullOrEmpty: false } version ? (long)version : 0);
    }

    /// <summary>Whether a page of this shape may be stored: see the class summary.</summary>
    public static bool IsCacheable(int limit, int offset, int count) =>
        count > 0 && offset <= MaxCachedOffset && offset % limit == 0;

    /// <summary>The stored page as its JSON text, which is exactly the anonymous response body.</summary>
    public async Task<string?> GetFeedJsonAsync(long version, long? sanctumId, int limit, int offset)
    {
        if (!IsCacheable(limit, offset, count: 1))
        {
            return null;
        }
        var value = await redis.ReadOrMissAsync("feed page", db => db.StringGetAsync(FeedKey(version, sanctumId, limit, offset)));
        return value.IsNullOrEmpty ? null : (string?)value;
    }

    public static IReadOnlyList<PostDto> ReadFeed(string json) =>
        JsonSerializer.Deserialize<IReadOnlyList<PostDto>>(json, PageOptions) ?? [];

    /// <summary>A page as the stored text: byte for byte the anonymous response body.</summary>
    public static string WriteFeed(IReadOnlyList<PostDto> page) => JsonSerializer.Serialize(page, PageOptions);

    public Task SetFeedAsync(long version, long? sanctumId, int limit, int offset, SharedFeedPage page) =>
        !page.Cacheable
            ? Task.CompletedTask
            : redis.FillOrSkipAsync("feed page", db => db.StringSetAsync(FeedKey(version, sanctumId, limit, offset), page.Json, FeedTtl));

    /// <summary>The cached detail, if any, and the current version (one MGET).</summary>
    public async Task<(PostDto? Post, long? Version)> GetPostAsync(long id)
    {
        var (posts, version) = await GetPostsAsync([id]);
        return (posts?[0], version);
    }

    /// <summary>The cached details of <paramref name="ids"/>, in that order (null where not cached), and the current
    /// version (one MGET; both null when Redis is unreachable).</summary>
    public async Task<(PostDto?[]? Posts, long? Version)> GetPostsAsync(long[] ids)
    {
        var found = await redis.ReadOrMissAsync("post details", db => db.StringGetAsync([VersionKey, .. ids.Select(PostKey)]));
        if (found is null)
        {
            return (null, null);
        }
        var posts = found.Skip(1)
            .Select(json => json.IsNullOrEmpty ? null : JsonSerializer.Deserialize<PostDto>((string)json!, JsonSetup.Options))
            .ToArray();
        return (posts, found[0].IsNullOrEmpty ? 0 : (long)found[0]);
    }

    /// <summary>Stores the detail only while the feed version is still <paramref name="version"/>: no write has
    /// committed and invalidated since the database read.</summary>
    public Task SetPostAsync(PostDto post, long version) =>
        redis.FillIfVersionAsync("post detail", VersionKey, version, PostKey(post.Id), JsonSerializer.Serialize(post, JsonSetup.Options), PostTtl);

    /// <summary>After a write to one post: every feed page moves to a new version, then its detail goes.</summary>
    public Task InvalidatePostAsync(long id) =>
        redis.InvalidateOrLogAsync("post and feed", db =>
        {
            var batch = db.CreateBatch();
            var bump = batch.StringIncrementAsync(VersionKey);
            var delete = batch.KeyDeleteAsync(PostKey(id));
            batch.Execute();
            return Task.WhenAll(bump, delete);
        });

    /// <summary>After the image of these posts changed (variants written): every feed page moves to a new version,
    /// then their details go.</summary>
    public Task InvalidatePostsAsync(IReadOnlyList<long> ids) =>
        redis.InvalidateOrLogAsync("posts and feed", db =>
        {
            var batch = db.CreateBatch();
            var bump = batch.StringIncrementAsync(VersionKey);
            var delete = batch.KeyDeleteAsync(ids.Select(PostKey).ToArray());
            batch.Execute();
            return Task.WhenAll(bump, delete);
        });

    /// <summary>After a new post: only the feed pages change.</summary>
    public Task InvalidateFeedAsync() => redis.InvalidateOrLogAsync("feed", db => db.StringIncrementAsync(VersionKey));
}
