using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Posts;

[Collection(AppCollection.Name)]
public sealed class SearchTests(SanctumAppFixture app)
{
    private static async Task<JsonElement> SearchAsync(HttpClient client, string query) =>
        await (await client.GetAsync($"/api/posts/search?q={Uri.EscapeDataString(query)}")).ExpectJsonAsync(HttpStatusCode.OK);

    [Fact]
    public async Task Finds_words_and_substrings_newest_first_and_misses_others()
    {
        var user = await app.SignupAsync();
        var tag = TestData.Username("kw");
        var inTitle = await user.CreatePostAsync(new { title = $"Gardening {tag} tips", content = "Plant tomatoes" });
        var inContent = await user.CreatePostAsync(new { title = "Another", content = $"Read about {tag} today" });
        var deleted = await user.CreatePostAsync(new { title = $"Gone {tag}", content = "x" });
        await user.Client.DeleteAsync($"/api/posts/{deleted.Id()}");
        var client = app.CreateClient();

        Assert.Equal([inContent.Id(), inTitle.Id()], (await SearchAsync(client, tag)).Ids());
        Assert.Equal([inTitle.Id()], (await SearchAsync(client, $"{tag} tomatoes")).Ids());
        Assert.Equal([inContent.Id(), inTitle.Id()], (await SearchAsync(client, tag[1..].ToUpperInvariant())).Ids());
        Assert.Empty((await SearchAsync(client, $"{tag}zz")).EnumerateArray());
        var paged = await (await client.GetAsync($"/api/posts/search?q={tag}&limit=1&offset=1")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal([inTitle.Id()], paged.Ids());
    }

    [Fact]
    public async Task Like_wildcards_in_the_query_are_literal()
    {
        var user = await app.SignupAsync();
        var tag = TestData.Username("wc");
        var literal = await user.CreatePostAsync(new { title = $"{tag} 100%_off sale", content = "c" });
        var lookalike = await user.CreatePostAsync(new { title = $"{tag} 100xyoff sale", content = "c" });
        var backslash = await user.CreatePostAsync(new { title = $@"{tag} a\b", content = "c" });
        var client = app.CreateClient();

        var percent = (await SearchAsync(client, $"{tag} 100%_off")).Ids();
        Assert.Contains(literal.Id(), percent);
        Assert.DoesNotContain(lookalike.Id(), percent);
        Assert.Equal([backslash.Id()], (await SearchAsync(client, $@"{tag} a\b")).Ids());
        Assert.DoesNotContain(lookalike.Id(), (await SearchAsync(client, "%")).Ids());
    }

    /// <summary>PostService answers from the newest posts when they fill the page and searches every post only when
    /// they do not; both paths must give the same newest-first pages.</summary>
    [Fact]
    public async Task A_full_page_from_the_newest_posts_and_a_short_one_from_all_posts_agree()
    {
        var user = await app.SignupAsync();
        var tag = TestData.Username("er");
        var oldest = await user.CreatePostAsync(new { title = $"{tag} one", content = "c" });
        var middle = await user.CreatePostAsync(new { title = $"{tag} two", content = "c" });
        var newest = await user.CreatePostAsync(new { title = $"{tag} three", content = "c" });
        var client = app.CreateClient();

        var full = await (await client.GetAsync($"/api/posts/search?q={tag}&limit=2")).ExpectJsonAsync(HttpStatusCode.OK);
        var fullAtOffset = await (await client.GetAsync($"/api/posts/search?q={tag}&limit=2&offset=1")).ExpectJsonAsync(HttpStatusCode.OK);
        var shortPage = await (await client.GetAsync($"/api/posts/search?q={tag}&limit=2&offset=2")).ExpectJsonAsync(HttpStatusCode.OK);
        var pastTheEnd = await (await client.GetAsync($"/api/posts/search?q={tag}&limit=2&offset=3")).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal([newest.Id(), middle.Id()], full.Ids());
        Assert.Equal([middle.Id(), oldest.Id()], fullAtOffset.Ids());
        Assert.Equal([oldest.Id()], shortPage.Ids());
        Assert.Empty(pastTheEnd.EnumerateArray());
    }

    /// <summary>A short page makes the service remember how few matches the newest posts held
    /// (<c>SearchWindowMemo</c>) and skip that walk for deeper pages; posts written since must still be found.</summary>
    [Fact]
    public async Task Pages_stay_exact_after_a_short_page_while_new_posts_arrive()
    {
        var user = await app.SignupAsync();
        var tag = TestData.Username("mw");
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await user.CreatePostAsync(new { title = $"{tag} {i}", content = "c" })).Id());
        }
        var client = app.CreateClient();
        Assert.Equal([ids[0]], (await (await client.GetAsync($"/api/posts/search?q={tag}&limit=2&offset=2")).ExpectJsonAsync(HttpStatusCode.OK)).Ids());

        for (var i = 3; i < 6; i++)
        {
            ids.Add((await user.CreatePostAsync(new { title = $"{tag} {i}", content = "c" })).Id());
        }

        var deeper = await (await client.GetAsync($"/api/posts/search?q={tag}&limit=2&offset=3")).ExpectJsonAsync(HttpStatusCode.OK);
        var first = await (await client.GetAsync($"/api/posts/search?q={tag}&limit=2")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal([ids[2], ids[1]], deeper.Ids());
        Assert.Equal([ids[5], ids[4]], first.Ids());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?q=")]
    [InlineData("?q=%20%20")]
    public async Task Blank_query_is_400(string query)
    {
        var response = await app.CreateClient().GetAsync($"/api/posts/search{query}");

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Search query is required");
    }

    [Fact]
    public async Task Search_is_personal_for_authenticated_callers()
    {
        var user = await app.SignupAsync();
        var tag = TestData.Username("ps");
        var post = await user.CreatePostAsync(new { title = $"{tag} liked", content = "c" });
        await user.Client.PostAsync($"/api/posts/{post.Id()}/like", null);

        Assert.True((await SearchAsync(user.Client, tag))[0].GetProperty("liked").GetBoolean());
        Assert.False((await SearchAsync(app.CreateClient(), tag))[0].GetProperty("liked").GetBoolean());
    }

    [Fact]
    public async Task Search_is_rate_limited_per_client_ip()
    {
        var client = app.CreateClient();
        for (var i = 0; i < 10; i++)
        {
            await SearchAsync(client, "anything");
        }

        var limited = await client.GetAsync("/api/posts/search?q=anything");

        await limited.ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED", "rate limit exceeded");
        await SearchAsync(app.CreateClient(), "anything");
    }
}
