using Npgsql;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Posts;

/// <summary>Only some anonymous feed pages are cached (FeedCache.IsCacheable): the others must come from the database,
/// which shows as a change made behind the API's back being seen at once.</summary>
[Collection(AppCollection.Name)]
public sealed class FeedCacheBoundsTests(SanctumAppFixture app)
{
    private Task RenameAllAsync(long sanctumId, string title) =>
        app.ExecuteSqlAsync("UPDATE posts SET title = @title WHERE sanctum_id = @sanctum",
            new NpgsqlParameter("title", title), new NpgsqlParameter("sanctum", sanctumId));

    private static async Task<string?> TitleAsync(HttpClient reader, string query) =>
        (await reader.GetFeedAsync(query))[0].GetProperty("title").GetString();

    [Fact]
    public async Task Pages_past_offset_200_are_read_from_the_database()
    {
        var user = await app.SignupAsync();
        var sanctumId = await app.CreateSanctumAsync();
        // More posts than the API lets one user write in a test; a year old, so no other test's first page shows them.
        await app.ExecuteSqlAsync("""
            INSERT INTO posts (title, content, user_id, sanctum_id, created_at)
            SELECT 'before', 'c', @user, @sanctum, now() - interval '1 year' - n * interval '1 second' FROM generate_series(1, 202) AS n
            """, new NpgsqlParameter("user", user.Id), new NpgsqlParameter("sanctum", sanctumId));
        var reader = app.CreateClient();
        var atCap = $"sanctum_id={sanctumId}&limit=1&offset=200";
        var pastCap = $"sanctum_id={sanctumId}&limit=1&offset=201";
        Assert.Equal("before", await TitleAsync(reader, atCap));
        Assert.Equal("before", await TitleAsync(reader, pastCap));

        await RenameAllAsync(sanctumId, "after");

        Assert.Equal("before", await TitleAsync(reader, atCap));
        Assert.Equal("after", await TitleAsync(reader, pastCap));
    }

    [Fact]
    public async Task Offsets_between_page_boundaries_are_read_from_the_database()
    {
        var user = await app.SignupAsync();
        var sanctumId = await app.CreateSanctumAsync();
        await user.CreateTextPostAsync(sanctumId, "before");
        await user.CreateTextPostAsync(sanctumId, "before");
        var reader = app.CreateClient();
        var aligned = $"sanctum_id={sanctumId}&limit=1&offset=1";
        var between = $"sanctum_id={sanctumId}&limit=2&offset=1";
        Assert.Equal("before", await TitleAsync(reader, aligned));
        Assert.Equal("before", await TitleAsync(reader, between));

        await RenameAllAsync(sanctumId, "after");

        Assert.Equal("before", await TitleAsync(reader, aligned));
        Assert.Equal("after", await TitleAsync(reader, between));
    }

    [Fact]
    public async Task An_empty_page_is_not_cached()
    {
        var user = await app.SignupAsync();
        var sanctumId = await app.CreateSanctumAsync();
        var reader = app.CreateClient();
        Assert.Empty((await reader.GetFeedAsync($"sanctum_id={sanctumId}")).EnumerateArray());

        await app.ExecuteSqlAsync("INSERT INTO posts (title, content, user_id, sanctum_id) VALUES ('behind the api', 'c', @user, @sanctum)",
            new NpgsqlParameter("user", user.Id), new NpgsqlParameter("sanctum", sanctumId));

        Assert.Equal("behind the api", await TitleAsync(reader, $"sanctum_id={sanctumId}"));
    }
}
