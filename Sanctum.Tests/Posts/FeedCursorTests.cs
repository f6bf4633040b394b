using System.Buffers.Text;
using System.Text;
using Npgsql;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Posts;

/// <summary>
/// The keyset option of the feed: <c>GET /api/posts?cursor=</c> (empty to start) answers the contract's bare array and
/// the next page's cursor in <c>X-Next-Cursor</c>; the offset contract is unchanged.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FeedCursorTests(SanctumAppFixture app)
{
    private const string NextCursor = "X-Next-Cursor";

    [Fact]
    public async Task A_browser_on_an_allowed_origin_may_read_the_next_cursor()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/posts?limit=1&cursor=");
        request.Headers.Add("Origin", "http://localhost:5173");

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(NextCursor, response.Headers.GetValues("Access-Control-Expose-Headers").Single().Split(','));
    }

    [Fact]
    public async Task A_cursor_walk_of_a_sanctum_gives_each_post_once_in_order_while_new_posts_arrive()
    {
        var user = await app.SignupAsync();
        var sanctumId = await app.CreateSanctumAsync();
        var posts = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            posts.Add((await user.CreateTextPostAsync(sanctumId, $"walk {i}")).Id());
        }
        posts.Reverse();

        var seen = new List<long>();
        var cursor = "";
        var pages = 0;
        while (cursor is not null)
        {
            // Alternating replicas, and a newer post after every page: it must not appear in this walk.
            var (page, next) = await GetPageAsync(app.CreateClient(pages % 2), $"sanctum_id={sanctumId}&limit=3&cursor={cursor}");
            Assert.True(page.Count <= 3);
            seen.AddRange(page);
            await user.CreateTextPostAsync(sanctumId, $"newer {pages}");
            cursor = next;
            pages++;
            Assert.True(pages <= 4, "The walk did not end.");
        }

        Assert.Equal(posts, seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task A_cursor_walk_of_the_main_feed_is_strictly_newest_first_and_finds_every_post_once()
    {
        var user = await app.SignupAsync();
        var ours = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            ours.Add((await user.CreateTextPostAsync(title: $"main walk {i}")).Id());
        }

        // Walk until all of ours are seen (other tests add posts to the main feed meanwhile; ours are near the top).
        var seen = new List<JsonElement>();
        string? cursor = "";
        for (var pages = 0; cursor is not null && !ours.All(id => seen.Any(post => post.Id() == id)); pages++)
        {
            Assert.True(pages < 50, "Our posts were not found.");
            var response = await app.CreateClient(pages % 2).GetAsync($"/api/posts?limit=10&cursor={cursor}");
            var page = await response.ExpectJsonAsync(HttpStatusCode.OK);
            seen.AddRange(page.EnumerateArray());
            if (pages < 5)
            {
                await user.CreateTextPostAsync(title: $"arriving {pages}");
            }
            cursor = response.Headers.TryGetValues(NextCursor, out var values) ? values.Single() : null;
        }

        var ids = seen.Select(post => post.Id()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var keys = seen.Select(post => (post.GetProperty("created_at").GetDateTime(), post.Id())).ToList();
        Assert.All(keys.Zip(keys.Skip(1)), pair => Assert.True(pair.First.CompareTo(pair.Second) > 0, $"{pair.First} is not after {pair.Second}"));
        Assert.Equal(Enumerable.Reverse(ours), ids.Where(ours.Contains));
    }

    [Fact]
    public async Task Cursor_pages_match_offset_pages_and_break_ties_of_created_at_by_id()
    {
        var user = await app.SignupAsync();
        var sanctumId = await app.CreateSanctumAsync();
        // Five posts with one created_at (microseconds included): only the id orders them.
        await app.ExecuteSqlAsync("""
            INSERT INTO posts (title, content, user_id, sanctum_id, created_at, updated_at)
            SELECT 'tie ' || g, 'c', @userId, @sanctumId, '2026-01-02 03:04:05.123457+00', NOW() FROM generate_series(1, 5) g
            """, new NpgsqlParameter("userId", user.Id), new NpgsqlParameter("sanctumId", sanctumId));
        var reader = app.CreateClient();
        var feed = $"sanctum_id={sanctumId}&limit=2";
        var all = (await reader.GetFeedAsync($"sanctum_id={sanctumId}")).Ids();
        Assert.Equal(5, all.Count);
        Assert.Equal(all.OrderDescending(), all);

        var (first, cursor) = await GetPageAsync(reader, $"{feed}&cursor=");
        Assert.Equal((await reader.GetFeedAsync($"{feed}&offset=0")).Ids(), first);
        var (second, cursor2) = await GetPageAsync(reader, $"{feed}&cursor={cursor}");
        Assert.Equal((await reader.GetFeedAsync($"{feed}&offset=2")).Ids(), second);
        var (third, end) = await GetPageAsync(reader, $"{feed}&cursor={cursor2}");
        Assert.Equal(all.Skip(4), third);
        Assert.Null(end);

        // Offset pages carry no cursor: the offset contract is as it was.
        var offsetPage = await reader.GetAsync($"/api/posts?{feed}&offset=2");
        Assert.Equal(HttpStatusCode.OK, offsetPage.StatusCode);
        Assert.False(offsetPage.Headers.Contains(NextCursor));
    }

    [Fact]
    public async Task A_cursor_after_the_last_post_gives_an_empty_page_without_a_cursor()
    {
        var user = await app.SignupAsync();
        var sanctumId = await app.CreateSanctumAsync();
        var only = await user.CreateTextPostAsync(sanctumId);
        var (page, cursor) = await GetPageAsync(app.CreateClient(), $"sanctum_id={sanctumId}&limit=1&cursor=");
        Assert.Equal([only.Id()], page);
        Assert.NotNull(cursor);
        var (rest, end) = await GetPageAsync(app.CreateClient(), $"sanctum_id={sanctumId}&limit=1&cursor={cursor}");
        Assert.Empty(rest);
        Assert.Null(end);
    }

    /// <summary>The benchmark makes a deep cursor in SQL (bench/run.sh, feed_cursor): this is that SQL.</summary>
    public const string CursorSql = """
        SELECT rtrim(translate(encode(convert_to((extract(epoch FROM created_at) * 1000000)::bigint || ':' || id, 'UTF8'), 'base64'), '+/', '-_'), '=')
        FROM posts WHERE id = @id
        """;

    [Fact]
    public async Task The_cursor_is_the_documented_encoding_that_sql_can_make()
    {
        var user = await app.SignupAsync();
        var sanctumId = await app.CreateSanctumAsync();
        var older = await user.CreateTextPostAsync(sanctumId);
        var newer = await user.CreateTextPostAsync(sanctumId);
        var (page, cursor) = await GetPageAsync(app.CreateClient(), $"sanctum_id={sanctumId}&limit=1&cursor=");
        Assert.Equal([newer.Id()], page);

        var made = await app.ScalarAsync<string>(CursorSql, new NpgsqlParameter("id", newer.Id()));
        Assert.Equal(made, cursor);
        Assert.Equal([older.Id()], (await GetPageAsync(app.CreateClient(), $"sanctum_id={sanctumId}&limit=1&cursor={made}")).Ids);
    }

    public static TheoryData<string> GarbageCursors() =>
    [
        "garbage!",
        "%00",
        "a",
        Encode("abc"),
        Encode("1:0"),
        Encode("1:-5"),
        Encode("1:"),
        Encode(":5"),
        Encode("1.5:5"),
        Encode("99999999999999999999:1"),
        Encode("1:99999999999999999999"),
        Encode("300000000000000000:1"),
        new string('A', 65),
    ];

    [Theory]
    [MemberData(nameof(GarbageCursors))]
    public async Task A_garbage_cursor_is_400(string cursor)
    {
        var response = await app.CreateClient().GetAsync($"/api/posts?cursor={cursor}");
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid cursor");
    }

    [Fact]
    public async Task A_cursor_with_an_offset_is_400()
    {
        var response = await app.CreateClient().GetAsync($"/api/posts?cursor={Encode("1764000000000000:5")}&offset=20");
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "offset cannot be combined with cursor");
    }

    private static string Encode(string text) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(text));

    private static async Task<(List<long> Ids, string? Next)> GetPageAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/api/posts?{query}");
        var page = await response.ExpectJsonAsync(HttpStatusCode.OK);
        return (page.Ids(), response.Headers.TryGetValues(NextCursor, out var values) ? values.Single() : null);
    }
}
