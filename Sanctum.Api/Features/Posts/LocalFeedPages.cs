using System.Collections.Concurrent;

namespace Sanctum.Api.Features.Posts;

/// <summary>
/// This replica's copy of the shared feed pages, in front of <see cref="FeedCache"/>. A hit costs the version read and
/// no other round trip (no page text from Redis, no JSON parse for an authenticated caller), and a page is read from
/// Redis or PostgreSQL once per version per replica however many requests want it at the same moment: every like bumps
/// the version, and before this every request in flight missed together and ran the same feed query (the bench's
/// <c>mixed</c> row collapsed under it).
/// <para>One slot per page shape (sanctum, limit, offset), holding the page of one version: a new version replaces it,
/// so memory is the number of shapes <see cref="FeedCache.IsCacheable"/> admits times a page, however fast the version
/// moves. That is why this is not HybridCache: its keys would carry the version, and each superseded page would stay
/// in memory until its own expiry; at a hundred likes a second that is thousands of dead pages.</para>
/// <para>Coherence is FeedCache's: the caller reads the version from Redis on every request and a slot serves only that
/// version, so once a write has answered, no replica serves a page from before it. A slot also expires after
/// <see cref="Lifetime"/>, so what the version does not cover (an author's new name, see FeedCache) shows within
/// FeedCache's TTL plus that.</para>
/// </summary>
public sealed class LocalFeedPages(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<(long? SanctumId, int Limit, int Offset), Slot> _slots = new();

    /// <summary>The page of <paramref name="version"/>: this replica's copy, the fill already running for it, or a new
    /// fill. <paramref name="fill"/> runs without the caller's token, because other requests may come to wait on it;
    /// a caller that gives up stops waiting. A failed fill is not kept, and neither is a page FeedCache would not store
    /// (empty: any sanctum id would otherwise make a slot).</summary>
    public async Task<SharedFeedPage> GetOrFillAsync(long version, long? sanctumId, int limit, int offset,
        Func<Task<SharedFeedPage>> fill, CancellationToken cancellationToken)
    {
        var key = (sanctumId, limit, offset);
        while (true)
        {
            var now = clock.GetUtcNow();
            _slots.TryGetValue(key, out var current);
            if (current is not null && current.Version == version && current.Until > now)
            {
                return await current.Page.Task.WaitAsync(cancellationToken);
            }
            var mine = new Slot(version, now + Lifetime);
            var claimed = current is null ? _slots.TryAdd(key, mine) : _slots.TryUpdate(key, mine, current);
            if (claimed)
            {
                _ = FillAsync(key, mine, fill); // never throws: the outcome goes to everyone waiting on the slot
                return await mine.Page.Task.WaitAsync(cancellationToken);
            }
        }
    }

    private async Task FillAsync((long?, int, int) key, Slot slot, Func<Task<SharedFeedPage>> fill)
    {
        try
        {
            var page = await fill();
            slot.Page.SetResult(page);
            if (!page.Cacheable)
            {
                _slots.TryRemove(KeyValuePair.Create(key, slot));
            }
        }
        catch (Exception ex)
        {
            _slots.TryRemove(KeyValuePair.Create(key, slot));
            slot.Page.SetException(ex);
        }
    }

    private sealed class Slot(long version, DateTimeOffset until)
    {
        public long Version { get; } = version;

        public DateTimeOffset Until { get; } = until;

        public TaskCompletionSource<SharedFeedPage> Page { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>A feed page in its shared view (<see cref="FeedCache"/>): the exact anonymous response text, and the posts
/// parsed once, when an authenticated caller first needs them to overlay.</summary>
public sealed class SharedFeedPage
{
    private readonly Lazy<IReadOnlyList<PostDto>> _posts;

    private SharedFeedPage(string json, Lazy<IReadOnlyList<PostDto>> posts, bool cacheable)
    {
        Json = json;
        _posts = posts;
        Cacheable = cacheable;
    }

    public string Json { get; }

    public IReadOnlyList<PostDto> Posts => _posts.Value;

    /// <summary>Whether FeedCache stores a page like this one (<see cref="FeedCache.IsCacheable"/>).</summary>
    public bool Cacheable { get; }

    /// <summary>A page FeedCache had stored: never empty.</summary>
    public static SharedFeedPage FromCache(string json) =>
        new(json, new Lazy<IReadOnlyList<PostDto>>(() => FeedCache.ReadFeed(json)), cacheable: true);

    public static SharedFeedPage FromPosts(IReadOnlyList<PostDto> posts, int limit, int offset) =>
        new(FeedCache.WriteFeed(posts), new Lazy<IReadOnlyList<PostDto>>(posts), FeedCache.IsCacheable(limit, offset, posts.Count));
}
