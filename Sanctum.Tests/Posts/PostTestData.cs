using Npgsql;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Posts;

/// <summary>Arranging posts, sanctums and comments for the feed tests.</summary>
public static class PostTestData
{
    public static object TextPost(string? title = null, long? sanctumId = null) =>
        new { title = title ?? $"Title {TestData.Username("t")}", content = "Some content", sanctum_id = sanctumId };

    public static async Task<JsonElement> CreatePostAsync(this TestUser user, object body)
    {
        var response = await user.Client.PostAsJsonAsync("/api/posts", body);
        return await response.ExpectJsonAsync(HttpStatusCode.Created);
    }

    public static Task<JsonElement> CreateTextPostAsync(this TestUser user, long? sanctumId = null, string? title = null) =>
        user.CreatePostAsync(TextPost(title, sanctumId));

    public static Task<JsonElement> CreatePollAsync(this TestUser user, params string[] options) =>
        user.CreatePostAsync(new { title = "A poll", post_type = "poll", poll = new { question = "Which one?", options } });

    public static async Task<JsonElement> CreateCommentAsync(this TestUser user, long postId, string content = "A comment", long? parentId = null)
    {
        var response = await user.Client.PostAsJsonAsync($"/api/posts/{postId}/comments", new { content, parent_id = parentId });
        return await response.ExpectJsonAsync(HttpStatusCode.Created);
    }

    public static async Task<JsonElement> GetPostAsync(this HttpClient client, long id) =>
        await (await client.GetAsync($"/api/posts/{id}")).ExpectJsonAsync(HttpStatusCode.OK);

    public static async Task<JsonElement> GetFeedAsync(this HttpClient client, string query) =>
        await (await client.GetAsync($"/api/posts?{query}")).ExpectJsonAsync(HttpStatusCode.OK);

    public static long Id(this JsonElement element) => element.GetProperty("id").GetInt64();

    public static List<long> Ids(this JsonElement array) => array.EnumerateArray().Select(item => item.Id()).ToList();

    /// <summary>A sanctum made directly in the database (the sanctum routes belong to another slice).</summary>
    public static async Task<long> CreateSanctumAsync(this SanctumAppFixture app)
    {
        var slug = TestData.Slug();
        return await app.ScalarAsync<long>("INSERT INTO sanctums (name, slug) VALUES (@name, @slug) RETURNING id",
            new NpgsqlParameter("name", $"Sanctum {slug}"), new NpgsqlParameter("slug", slug));
    }
}
