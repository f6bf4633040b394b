using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Posts;

/// <summary>
/// Search pages are cached as their ids (<c>SearchCache</c>, key <c>posts:search:&lt;limit&gt;:&lt;offset&gt;:&lt;text&gt;</c>)
/// and read from PostgreSQL by id: a created, edited or deleted post shows in the very next search, and counts and
/// the caller's own like are live on a cached page. Each step first proves the page was cached, so the test can fail.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SearchCacheTests(SanctumAppFixture app)
{
    private async Task<JsonElement> SearchAsync(string tag, HttpClient? client = null) =>
        await (await (client ?? app.CreateClient()).GetAsync($"/api/posts/search?q={tag}")).ExpectJsonAsync(HttpStatusCode.OK);

    private async Task AssertCachedAsync(string tag, params long[] ids)
    {
        var value = (string?)await app.Redis.GetDatabase().StringGetAsync($"posts:search:10:0:{tag}");
        Assert.NotNull(value);
        Assert.Equal(string.Join(',', ids), value[(value.IndexOf(':', StringComparison.Ordinal) + 1)..]);
    }

    [Fact]
    public async Task A_cached_search_shows_new_edited_and_deleted_posts_at_once_with_live_counts_and_likes()
    {
        var author = await app.SignupAsync();
        var fan = await app.SignupAsync();
        var tag = TestData.Username("sc");
        var first = await author.CreatePostAsync(new { title = $"{tag} first", content = "c" });
        Assert.Equal([first.Id()], (await SearchAsync(tag)).Ids());
        await AssertCachedAsync(tag, first.Id());

        await fan.Client.PostAsync($"/api/posts/{first.Id()}/like", null);
        var liked = await SearchAsync(tag, fan.Client);
        await AssertCachedAsync(tag, first.Id());
        Assert.Equal(1, liked[0].GetProperty("likes_count").GetInt64());
        Assert.True(liked[0].GetProperty("liked").GetBoolean());
        Assert.False((await SearchAsync(tag))[0].GetProperty("liked").GetBoolean());
        // Authors are in their public form for everyone but admins, who read past the shared caches.
        Assert.Equal("", (await SearchAsync(tag))[0].GetProperty("user").GetProperty("email").GetString());
        var admin = await app.CreateAdminAsync();
        Assert.Equal(author.Email, (await SearchAsync(tag, admin.Client))[0].GetProperty("user").GetProperty("email").GetString());

        var second = await author.CreatePostAsync(new { title = $"{tag} second", content = "c" });
        Assert.Equal([second.Id(), first.Id()], (await SearchAsync(tag)).Ids());
        await AssertCachedAsync(tag, second.Id(), first.Id());

        await (await author.Client.PutAsJsonAsync($"/api/posts/{first.Id()}", new { title = "renamed", content = "other words" }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal([second.Id()], (await SearchAsync(tag)).Ids());
        await AssertCachedAsync(tag, second.Id());

        Assert.Equal(HttpStatusCode.NoContent, (await author.Client.DeleteAsync($"/api/posts/{second.Id()}")).StatusCode);
        Assert.Empty((await SearchAsync(tag)).EnumerateArray());
        await AssertCachedAsync(tag);
    }
}
