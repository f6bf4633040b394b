using Sanctum.Tests.Infrastructure;

namespace Sanctum.Tests.Posts;

/// <summary>An anonymous feed page served from the cache is the stored JSON text as it is: it must be the very
/// response a cache miss gives, byte for byte and with the same content type.</summary>
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
        var hit = await reader.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, miss.StatusCode);
        Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        Assert.Equal(miss.Content.Headers.ContentType?.ToString(), hit.Content.Headers.ContentType?.ToString());
        Assert.Equal(await miss.Content.ReadAsStringAsync(), await hit.Content.ReadAsStringAsync());
        Assert.Equal(2, (await hit.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
    }
}
