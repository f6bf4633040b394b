using Npgsql;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Posts;

/// <summary>From offset 2,000 a feed page picks its ids first (PostQueryStore.DeferredJoinOffset): the pages on either
/// side of that offset must be the same rows in the same order as one page across it.</summary>
[Collection(AppCollection.Name)]
public sealed class FeedDeepOffsetTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Pages_on_either_side_of_the_deferred_join_offset_agree()
    {
        var user = await app.SignupAsync();
        var sanctumId = await app.CreateSanctumAsync();
        // Post n is the n-th newest: a year old, so no other test's first page shows them.
        await app.ExecuteSqlAsync("""
            INSERT INTO posts (title, content, user_id, sanctum_id, created_at)
            SELECT n::text, 'c', @user, @sanctum, now() - interval '1 year' - n * interval '1 second' FROM generate_series(1, 2005) AS n
            """, new NpgsqlParameter("user", user.Id), new NpgsqlParameter("sanctum", sanctumId));
        var reader = app.CreateClient();

        async Task<string[]> TitlesAsync(int offset, int limit) =>
            [.. (await reader.GetFeedAsync($"sanctum_id={sanctumId}&limit={limit}&offset={offset}"))
                .EnumerateArray().Select(post => post.GetProperty("title").GetString()!)];

        Assert.Equal(["1999", "2000", "2001", "2002"], await TitlesAsync(1998, 4));
        Assert.Equal(["2001", "2002", "2003"], await TitlesAsync(2000, 3));
        Assert.Equal(["2005"], await TitlesAsync(2004, 20));
        Assert.Empty(await TitlesAsync(2005, 20));
    }
}
