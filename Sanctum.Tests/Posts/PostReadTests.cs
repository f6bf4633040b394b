using Npgsql;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Posts;

[Collection(AppCollection.Name)]
public sealed class PostReadTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Sanctum_feed_is_newest_first_and_pages_with_limit_and_offset()
    {
        var user = await app.SignupAsync();
        var sanctumId = await app.CreateSanctumAsync();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await user.CreateTextPostAsync(sanctumId)).Id());
        }
        ids.Reverse();
        var anonymous = app.CreateClient();

        Assert.Equal(ids, (await anonymous.GetFeedAsync($"sanctum_id={sanctumId}")).Ids());
        Assert.Equal(ids[..2], (await anonymous.GetFeedAsync($"sanctum_id={sanctumId}&limit=2")).Ids());
        Assert.Equal(ids[2..4], (await anonymous.GetFeedAsync($"sanctum_id={sanctumId}&limit=2&offset=2")).Ids());
        Assert.Equal(ids, (await anonymous.GetFeedAsync($"sanctum_id={sanctumId}&limit=0&offset=-3")).Ids());
        Assert.Empty((await anonymous.GetFeedAsync($"sanctum_id={sanctumId}&offset=5")).EnumerateArray());
    }

    [Fact]
    public async Task Global_feed_ignores_a_non_numeric_sanctum_id_and_caps_the_limit()
    {
        var user = await app.SignupAsync();
        await app.ExecuteSqlAsync("""
            INSERT INTO posts (title, content, post_type, user_id) SELECT 'filler ' || g, 'c', 'text', @userId FROM generate_series(1, 101) AS g
            """, new NpgsqlParameter("userId", user.Id));
        var post = await user.CreateTextPostAsync(await app.CreateSanctumAsync());

        var feed = await app.CreateClient().GetFeedAsync("sanctum_id=abc&limit=500");

        Assert.Equal(100, feed.GetArrayLength());
        Assert.Contains(post.Id(), feed.Ids());
        var times = feed.EnumerateArray().Select(item => DateTimeOffset.Parse(item.GetProperty("created_at").GetString()!)).ToList();
        Assert.Equal(times.OrderByDescending(time => time), times);
    }

    [Fact]
    public async Task Detail_is_public_and_missing_or_deleted_posts_are_404()
    {
        var user = await app.SignupAsync();
        var post = await user.CreateTextPostAsync();
        var anonymous = app.CreateClient();

        var detail = await anonymous.GetPostAsync(post.Id());
        Assert.Equal(post.GetProperty("title").GetString(), detail.GetProperty("title").GetString());
        Assert.False(detail.GetProperty("liked").GetBoolean());

        await (await anonymous.GetAsync("/api/posts/999999999")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "Post with ID 999999999 not found");
        await (await anonymous.GetAsync("/api/posts/abc")).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid ID");
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/api/posts/{post.Id()}")).StatusCode);
        await (await anonymous.GetAsync($"/api/posts/{post.Id()}")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Post with ID {post.Id()} not found");
    }

    [Fact]
    public async Task User_posts_are_that_users_live_posts_newest_first_and_need_auth()
    {
        var author = await app.SignupAsync();
        var first = await author.CreateTextPostAsync();
        var second = await author.CreateTextPostAsync();
        var deleted = await author.CreateTextPostAsync();
        await author.Client.DeleteAsync($"/api/posts/{deleted.Id()}");
        var reader = await app.SignupAsync();

        var posts = await (await reader.Client.GetAsync($"/api/users/{author.Id}/posts")).ExpectJsonAsync(HttpStatusCode.OK);
        var limited = await (await reader.Client.GetAsync($"/api/users/{author.Id}/posts?limit=1&offset=1")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal([second.Id(), first.Id()], posts.Ids());
        Assert.Equal([first.Id()], limited.Ids());
        await (await app.CreateClient().GetAsync($"/api/users/{author.Id}/posts")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Liked_is_personal_and_false_for_anonymous_callers()
    {
        var author = await app.SignupAsync();
        var liker = await app.SignupAsync();
        var sanctumId = await app.CreateSanctumAsync();
        var post = await author.CreateTextPostAsync(sanctumId);
        await (await liker.Client.PostAsync($"/api/posts/{post.Id()}/like", null)).ExpectJsonAsync(HttpStatusCode.OK);

        foreach (var round in new[] { 1, 2 })
        {
            // The second round is served from the cache: personal fields must still be per caller.
            Assert.True((await liker.Client.GetPostAsync(post.Id())).GetProperty("liked").GetBoolean(), $"round {round}");
            Assert.False((await author.Client.GetPostAsync(post.Id())).GetProperty("liked").GetBoolean());
            Assert.False((await app.CreateClient().GetPostAsync(post.Id())).GetProperty("liked").GetBoolean());
            Assert.True((await liker.Client.GetFeedAsync($"sanctum_id={sanctumId}"))[0].GetProperty("liked").GetBoolean());
            Assert.False((await author.Client.GetFeedAsync($"sanctum_id={sanctumId}"))[0].GetProperty("liked").GetBoolean());
            Assert.False((await app.CreateClient().GetFeedAsync($"sanctum_id={sanctumId}"))[0].GetProperty("liked").GetBoolean());
        }
    }

    [Fact]
    public async Task Public_reads_with_an_invalid_token_are_served_anonymously()
    {
        var author = await app.SignupAsync();
        var post = await author.CreateTextPostAsync();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token");

        var detail = await client.GetPostAsync(post.Id());

        Assert.False(detail.GetProperty("liked").GetBoolean());
        await (await client.PostAsync($"/api/posts/{post.Id()}/like", null)).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }
}
