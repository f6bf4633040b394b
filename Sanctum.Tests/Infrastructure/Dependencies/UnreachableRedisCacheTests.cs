using Sanctum.Api.Features.Posts;
using Sanctum.Api.Features.Sanctums;
using Sanctum.Api.Features.Users;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Infrastructure.Dependencies;

/// <summary>Every cache with Redis unreachable: a read is a miss (the caller goes to PostgreSQL), a fill and an
/// invalidation return normally (the response, or the committed write's 2xx, goes out).</summary>
public sealed class UnreachableRedisCacheTests(UnreachableRedis redis) : IClassFixture<UnreachableRedis>
{
    private static readonly DateTime Now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly UserDto User = new(7, "alice", "alice@example.com", "", "", false, false, null, null, null, Now, Now);
    private static readonly SanctumDto Sanctum = new(3, "Atrium", "atrium", "General", null, "active", Now, Now, 11);
    private static readonly PostDto Post = new(5, "Title", "Content", "", "text", null, null, User.Id, User, null, null, 0, 0, false, null, null, Now, Now);

    [Fact]
    public async Task Feed_cache_reads_miss_and_writes_do_not_throw()
    {
        var cache = new FeedCache(redis.Cache);

        Assert.Null(await cache.FeedVersionAsync());
        Assert.Null(await cache.GetFeedJsonAsync(1, null, 20, 0));
        Assert.Equal((null, null), await cache.GetPostAsync(Post.Id));
        await cache.SetFeedAsync(1, null, 20, 0, SharedFeedPage.FromPosts([Post], 20, 0));
        await cache.SetPostAsync(Post, 1);
        await cache.InvalidatePostAsync(Post.Id);
        await cache.InvalidateFeedAsync();
    }

    [Fact]
    public async Task Search_cache_reads_miss_without_a_version_and_writes_do_not_throw()
    {
        var cache = new SearchCache(redis.Cache);

        Assert.Equal((null, null), await cache.GetAsync("word", 10, 0));
        await cache.SetAsync("word", 10, 0, 1, [Post.Id]);
        await cache.InvalidateAsync();
    }

    [Fact]
    public async Task User_cache_reads_miss_and_writes_do_not_throw()
    {
        var cache = new UserCache(redis.Cache);

        Assert.Null(await cache.GetAsync(User.Id));
        await cache.SetAsync(User);
        await cache.InvalidateAsync(User.Id);
    }

    [Fact]
    public async Task Sanctum_cache_reads_miss_and_writes_do_not_throw()
    {
        var cache = new SanctumCache(redis.Cache);

        Assert.Null(await cache.GetListAsync());
        Assert.Null(await cache.GetBySlugAsync(Sanctum.Slug));
        await cache.SetListAsync([Sanctum]);
        await cache.SetBySlugAsync(Sanctum);
        await cache.InvalidateAsync(Sanctum.Slug, "general");
    }
}
