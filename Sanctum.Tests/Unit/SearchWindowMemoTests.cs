using Sanctum.Api.Features.Posts;
using Sanctum.Tests.Infrastructure.Dependencies;

namespace Sanctum.Tests.Unit;

public sealed class SearchWindowMemoTests
{
    [Fact]
    public void A_short_window_skips_the_walk_only_for_deeper_pages_and_only_until_it_expires()
    {
        var clock = new ManualClock();
        var memo = new SearchWindowMemo(clock);
        Assert.True(memo.WindowMayFill("zeppelin", 10));

        memo.WindowCameUpShort("zeppelin", 3);

        Assert.True(memo.WindowMayFill("zeppelin", 3));
        Assert.False(memo.WindowMayFill("zeppelin", 4));
        Assert.True(memo.WindowMayFill("Zeppelin", 4));
        clock.Now += SearchWindowMemo.Lifetime;
        Assert.True(memo.WindowMayFill("zeppelin", 4));
    }

    [Fact]
    public void A_full_memo_is_emptied_rather_than_grown()
    {
        var memo = new SearchWindowMemo(new ManualClock());
        for (var i = 0; i < SearchWindowMemo.Capacity; i++)
        {
            memo.WindowCameUpShort($"word{i}", 0);
        }
        Assert.False(memo.WindowMayFill("word0", 1));

        memo.WindowCameUpShort("one more", 0);

        Assert.True(memo.WindowMayFill("word0", 1));
        Assert.False(memo.WindowMayFill("one more", 1));
    }
}
