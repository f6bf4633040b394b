using Sanctum.Api.Features.Posts;

namespace Sanctum.Tests.Unit;

/// <summary>Which feed pages may be stored, so anonymous query strings cannot grow the cache without bound.</summary>
public sealed class FeedCacheBoundsTests
{
    [Theory]
    [InlineData(20, 0, 20)]
    [InlineData(20, 200, 5)]
    [InlineData(1, 200, 1)]
    [InlineData(100, 200, 100)]
    public void Pages_up_to_the_offset_cap_are_cached(int limit, int offset, int count)
    {
        Assert.True(FeedCache.IsCacheable(limit, offset, count));
    }

    [Theory]
    [InlineData(1, 201)]
    [InlineData(20, 220)]
    [InlineData(100, 300)]
    [InlineData(20, 1_000_000)]
    public void Pages_past_the_offset_cap_are_not(int limit, int offset)
    {
        Assert.False(FeedCache.IsCacheable(limit, offset, 1));
    }

    [Theory]
    [InlineData(20, 1)]
    [InlineData(20, 19)]
    [InlineData(3, 1)]
    public void Offsets_between_page_boundaries_are_not(int limit, int offset)
    {
        Assert.False(FeedCache.IsCacheable(limit, offset, 1));
    }

    [Fact]
    public void Empty_pages_are_not_so_unknown_sanctum_ids_leave_no_key()
    {
        Assert.False(FeedCache.IsCacheable(20, 0, 0));
    }

    [Fact]
    public void The_number_of_cacheable_pages_per_sanctum_is_bounded()
    {
        var pages = Enumerable.Range(1, Sanctum.Api.Infrastructure.Data.Paging.MaxLimit)
            .Sum(limit => Enumerable.Range(0, 100_000).Count(offset => FeedCache.IsCacheable(limit, offset, 1)));

        Assert.InRange(pages, 1, 1_100);
    }
}
