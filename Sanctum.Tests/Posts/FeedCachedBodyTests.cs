using Npgsql;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Posts;

/// <summary>An anonymous feed page served from the cache is the stored JSON text as it is: it must be the very
/// response a cache miss gives, byte for byte and with the same content type. The database is changed between the two
/// reads without invalidating, so the second read can only match the first if it really came from the cache.</summary>
[Collection(AppCollection.Name)]
public sealed class FeedCachedBodyTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Cached_anonymous_page_is_byte_identical_to_the_uncached_one()
    {
        var user = await app.SignupAsync();
        var sanctumId = await app.CreateSanctumAsync();
        await user.CreateTextPostAsync(sanctumId, "first <b>&</b> \"quoted\" é");
        await user.CreatePostAsync(new { title = "a poll", post_type = "poll", sanctum_id = sanctumId, poll = new { question = "Which?", options = new[] { "a", "b" } } });
        var reader = app.CreateClient();
        var path = $"/api/posts?sanctum_id={sanctumId}";

        var miss = await reader.GetAsync(path);
        // Changed behind the cache's back (no invalidation): only a page served from the cache still shows the old title.
        await app.ExecuteSqlAsync("UPDATE posts SET title = 'changed' WHERE sanctum_id = @sanctumId", new NpgsqlParameter("sanctumId", sanctumId));
        var hit = await reader.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, miss.StatusCode);
        Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        Assert.Equal(miss.Content.Headers.ContentType?.ToString(), hit.Content.Headers.ContentType?.ToString());
        Assert.Equal(await miss.Content.ReadAsStringAsync(), await hit.Content.ReadAsStringAsync());
        var page = await hit.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, page.GetArrayLength());
        Assert.DoesNotContain(page.EnumerateArray(), post => post.GetProperty("title").GetString() == "changed");
    }
}
