using Npgsql;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Posts;

/// <summary>Feed pages and details are cached; every write must show at once on the next read.</summary>
[Collection(AppCollection.Name)]
public sealed class FeedCacheTests(SanctumAppFixture app)
{
    [Fact]
    public async Task New_edited_and_deleted_posts_show_at_once_in_feed_and_detail()
    {
        var user = await app.SignupAsync();
        var sanctumId = await app.CreateSanctumAsync();
        var reader = app.CreateClient();
        var feed = $"sanctum_id={sanctumId}";
        var first = await user.CreateTextPostAsync(sanctumId, "first");
        Assert.Equal([first.Id()], (await reader.GetFeedAsync(feed)).Ids());
        Assert.Equal("first", (await reader.GetPostAsync(first.Id())).GetProperty("title").GetString());

        var second = await user.CreateTextPostAsync(sanctumId, "second");
        Assert.Equal([second.Id(), first.Id()], (await reader.GetFeedAsync(feed)).Ids());

        await (await user.Client.PutAsJsonAsync($"/api/posts/{first.Id()}", new { title = "first, edited" })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("first, edited", (await reader.GetPostAsync(first.Id())).GetProperty("title").GetString());
        Assert.Equal("first, edited", (await reader.GetFeedAsync(feed))[1].GetProperty("title").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/api/posts/{second.Id()}")).StatusCode);
        Assert.Equal([first.Id()], (await reader.GetFeedAsync(feed)).Ids());
    }

    [Fact]
    public async Task Likes_votes_and_comments_show_at_once_in_feed_and_detail()
    {
        var author = await app.SignupAsync();
        var fan = await app.SignupAsync();
        var sanctumId = await app.CreateSanctumAsync();
        var reader = app.CreateClient();
        var post = await author.CreatePostAsync(new { title = "p", post_type = "poll", sanctum_id = sanctumId, poll = new { question = "q", options = new[] { "a", "b" } } });
        var feed = $"sanctum_id={sanctumId}";
        Assert.Equal(0, (await reader.GetPostAsync(post.Id())).GetProperty("likes_count").GetInt64());
        Assert.Equal(0, (await reader.GetFeedAsync(feed))[0].GetProperty("likes_count").GetInt64());

        await fan.Client.PostAsync($"/api/posts/{post.Id()}/like", null);
        Assert.Equal(1, (await reader.GetPostAsync(post.Id())).GetProperty("likes_count").GetInt64());
        Assert.Equal(1, (await reader.GetFeedAsync(feed))[0].GetProperty("likes_count").GetInt64());

        var option = post.GetProperty("poll").GetProperty("options")[1].Id();
        await fan.Client.PostAsJsonAsync($"/api/posts/{post.Id()}/poll/vote", new { poll_option_id = option });
        Assert.Equal(1, (await reader.GetPostAsync(post.Id())).GetProperty("poll").GetProperty("options")[1].GetProperty("votes_count").GetInt64());
        Assert.Equal(1, (await reader.GetFeedAsync(feed))[0].GetProperty("poll").GetProperty("options")[1].GetProperty("votes_count").GetInt64());

        var comment = await fan.CreateCommentAsync(post.Id());
        Assert.Equal(1, (await reader.GetPostAsync(post.Id())).GetProperty("comments_count").GetInt64());
        Assert.Equal(1, (await reader.GetFeedAsync(feed))[0].GetProperty("comments_count").GetInt64());

        Assert.Equal(HttpStatusCode.OK, (await fan.Client.DeleteAsync($"/api/posts/{post.Id()}/comments/{comment.Id()}")).StatusCode);
        Assert.Equal(0, (await reader.GetPostAsync(post.Id())).GetProperty("comments_count").GetInt64());
        Assert.Equal(0, (await reader.GetFeedAsync(feed))[0].GetProperty("comments_count").GetInt64());

        await fan.Client.DeleteAsync($"/api/posts/{post.Id()}/like");
        Assert.Equal(0, (await reader.GetPostAsync(post.Id())).GetProperty("likes_count").GetInt64());
        Assert.Equal(0, (await reader.GetFeedAsync(feed))[0].GetProperty("likes_count").GetInt64());
    }

    [Fact]
    public async Task Pages_with_different_limits_are_cached_apart()
    {
        var user = await app.SignupAsync();
        var sanctumId = await app.CreateSanctumAsync();
        for (var i = 0; i < 3; i++)
        {
            await user.CreateTextPostAsync(sanctumId);
        }
        var reader = app.CreateClient();

        Assert.Equal(1, (await reader.GetFeedAsync($"sanctum_id={sanctumId}&limit=1")).GetArrayLength());
        Assert.Equal(3, (await reader.GetFeedAsync($"sanctum_id={sanctumId}&limit=3")).GetArrayLength());
        Assert.Equal(2, (await reader.GetFeedAsync($"sanctum_id={sanctumId}&limit=3&offset=1")).GetArrayLength());
        Assert.Equal(1, (await reader.GetFeedAsync($"sanctum_id={sanctumId}&limit=1")).GetArrayLength());
    }

    [Fact]
    public async Task Global_first_page_is_fresh_after_a_new_and_a_deleted_post()
    {
        var user = await app.SignupAsync();
        var reader = app.CreateClient();
        await reader.GetFeedAsync("");

        var post = await user.CreateTextPostAsync();
        Assert.Contains(post.Id(), (await reader.GetFeedAsync("")).Ids());
        Assert.Contains(post.Id(), (await user.Client.GetFeedAsync("")).Ids());

        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/api/posts/{post.Id()}")).StatusCode);
        Assert.DoesNotContain(post.Id(), (await reader.GetFeedAsync("")).Ids());
    }

    [Fact]
    public async Task Reads_come_from_the_cache_until_a_write_through_the_api_invalidates_them()
    {
        var user = await app.SignupAsync();
        var sanctumId = await app.CreateSanctumAsync();
        var post = await user.CreateTextPostAsync(sanctumId, "cached title");
        var reader = app.CreateClient();
        var feed = $"sanctum_id={sanctumId}";
        await reader.GetPostAsync(post.Id());
        await reader.GetFeedAsync(feed);

        // A change behind the API's back is not seen while the cached copies live...
        await app.ExecuteSqlAsync("UPDATE posts SET title = 'changed in the database' WHERE id = @id", new NpgsqlParameter("id", post.Id()));
        Assert.Equal("cached title", (await reader.GetPostAsync(post.Id())).GetProperty("title").GetString());
        Assert.Equal("cached title", (await reader.GetFeedAsync(feed))[0].GetProperty("title").GetString());

        // ...and any write to the post through the API drops them.
        await (await user.Client.PostAsync($"/api/posts/{post.Id()}/like", null)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("changed in the database", (await reader.GetPostAsync(post.Id())).GetProperty("title").GetString());
        Assert.Equal("changed in the database", (await reader.GetFeedAsync(feed))[0].GetProperty("title").GetString());
    }
}
