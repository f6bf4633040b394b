using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Posts;

[Collection(AppCollection.Name)]
public sealed class CreatePostTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Text_post_has_the_contract_shape()
    {
        var user = await app.SignupAsync();
        var sanctumId = await app.CreateSanctumAsync();

        var response = await user.Client.PostAsJsonAsync("/api/posts", new { title = "Hello", content = "World", sanctum_id = sanctumId });
        var post = await response.ExpectJsonAsync(HttpStatusCode.Created);

        Assert.Equal($"/api/posts/{post.Id()}", response.Headers.Location?.ToString());
        Assert.Equal("Hello", post.GetProperty("title").GetString());
        Assert.Equal("World", post.GetProperty("content").GetString());
        Assert.Equal("", post.GetProperty("image_url").GetString());
        Assert.Equal("text", post.GetProperty("post_type").GetString());
        Assert.Equal(user.Id, post.GetProperty("user_id").GetInt64());
        Assert.Equal(user.Id, post.GetProperty("user").GetProperty("id").GetInt64());
        Assert.Equal(user.Username, post.GetProperty("user").GetProperty("username").GetString());
        Assert.Equal(sanctumId, post.GetProperty("sanctum_id").GetInt64());
        Assert.Equal(0, post.GetProperty("likes_count").GetInt64());
        Assert.Equal(0, post.GetProperty("comments_count").GetInt64());
        Assert.False(post.GetProperty("liked").GetBoolean());
        Assert.True(DateTimeOffset.TryParse(post.GetProperty("created_at").GetString(), out _));
        Assert.True(DateTimeOffset.TryParse(post.GetProperty("updated_at").GetString(), out _));
        foreach (var absent in new[] { "link_url", "youtube_url", "poll", "image_variants", "image_crop_mode", "sanctum" })
        {
            Assert.False(post.TryGetProperty(absent, out _), absent);
        }
        Assert.False(post.GetProperty("user").TryGetProperty("password", out _));
    }

    [Fact]
    public async Task Media_video_and_link_posts_keep_their_urls()
    {
        var user = await app.SignupAsync();

        var media = await user.CreatePostAsync(new { title = "Pic", post_type = "media", image_url = "/media/i/abc/master.jpg" });
        var video = await user.CreatePostAsync(new { title = "Vid", post_type = "video", youtube_url = "https://www.youtube.com/watch?v=x" });
        var link = await user.CreatePostAsync(new { title = "Link", post_type = "link", link_url = "https://example.com/a?b=c" });

        Assert.Equal("media", media.GetProperty("post_type").GetString());
        Assert.Equal("/media/i/abc/master.jpg", media.GetProperty("image_url").GetString());
        Assert.False(media.TryGetProperty("sanctum_id", out _));
        Assert.Equal("video", video.GetProperty("post_type").GetString());
        Assert.Equal("https://www.youtube.com/watch?v=x", video.GetProperty("youtube_url").GetString());
        Assert.Equal("link", link.GetProperty("post_type").GetString());
        Assert.Equal("https://example.com/a?b=c", link.GetProperty("link_url").GetString());
        Assert.False(link.TryGetProperty("youtube_url", out _));
    }

    [Fact]
    public async Task Poll_post_uses_the_question_as_content_and_trims_options()
    {
        var user = await app.SignupAsync();

        var post = await user.CreatePostAsync(new
        {
            title = "Vote",
            content = "ignored",
            post_type = "poll",
            poll = new { question = "Best editor?", options = new[] { "  vim ", "emacs", "   " } },
        });

        Assert.Equal("poll", post.GetProperty("post_type").GetString());
        Assert.Equal("Best editor?", post.GetProperty("content").GetString());
        var poll = post.GetProperty("poll");
        Assert.Equal(post.Id(), poll.GetProperty("post_id").GetInt64());
        Assert.Equal("Best editor?", poll.GetProperty("question").GetString());
        Assert.False(poll.TryGetProperty("user_vote_option_id", out _));
        var options = poll.GetProperty("options").EnumerateArray().ToList();
        Assert.Equal(["vim", "emacs"], options.Select(option => option.GetProperty("option_text").GetString()));
        Assert.Equal([0, 1], options.Select(option => option.GetProperty("display_order").GetInt32()));
        Assert.All(options, option =>
        {
            Assert.Equal(poll.Id(), option.GetProperty("poll_id").GetInt64());
            Assert.False(option.TryGetProperty("votes_count", out _));
        });
    }

    private static string PollBody(params string[] options) =>
        JsonSerializer.Serialize(new { title = "t", post_type = "poll", poll = new { question = "q", options } });

    public static TheoryData<string, string> InvalidPosts => new()
    {
        { """{"title":"t","content":"c","post_type":"story"}""", "Invalid post_type" },
        { """{"content":"c"}""", "Title is required" },
        { """{"title":"   ","content":"c"}""", "Title is required" },
        { $$"""{"title":"{{new string('t', 256)}}","content":"c"}""", "Title too long (max 255 characters)" },
        { $$"""{"title":"t","content":"{{new string('c', 50_001)}}"}""", "Content too long (max 50000 characters)" },
        { """{"title":"t"}""", "Content is required" },
        { """{"title":"t","post_type":"media"}""", "image_url is required for media posts" },
        { $$"""{"title":"t","post_type":"media","image_url":"/{{new string('i', 255)}}"}""", "image_url too long (max 255 characters)" },
        { """{"title":"t","post_type":"video"}""", "youtube_url is required for video posts" },
        { """{"title":"t","post_type":"video","youtube_url":"https://vimeo.com/1"}""", "youtube_url must be a valid YouTube URL" },
        { $$"""{"title":"t","post_type":"video","youtube_url":"https://youtu.be/{{new string('y', 512)}}"}""", "youtube_url too long (max 512 characters)" },
        { """{"title":"t","post_type":"link"}""", "link_url is required for link posts" },
        { """{"title":"t","post_type":"link","link_url":"not a url"}""", "link_url must be a valid URL" },
        { $$"""{"title":"t","post_type":"link","link_url":"https://e.com/{{new string('l', 2048)}}"}""", "link_url too long (max 2048 characters)" },
        { """{"title":"t","post_type":"poll"}""", "Poll question is required" },
        { """{"title":"t","post_type":"poll","poll":{"question":"q","options":["a"]}}""", "Poll must have at least two options" },
        { PollBody(Enumerable.Range(0, 21).Select(i => $"o{i}").ToArray()), "Poll cannot have more than 20 options" },
        { """{"title":"t","post_type":"poll","poll":{"question":"q","options":["a","  "]}}""", "Poll must have at least two non-empty options" },
        { PollBody("a", new string('o', 501)), "Poll option too long (max 500 characters)" },
    };

    [Theory]
    [MemberData(nameof(InvalidPosts))]
    public async Task Invalid_posts_are_rejected_with_the_contract_message(string body, string error)
    {
        var user = await app.SignupAsync();

        var response = await user.Client.PostAsync("/api/posts", HttpAssertions.Json(body));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", error);
    }

    [Fact]
    public async Task Title_of_255_characters_is_accepted()
    {
        var user = await app.SignupAsync();

        var post = await user.CreatePostAsync(new { title = new string('t', 255), content = "c" });

        Assert.Equal(255, post.GetProperty("title").GetString()!.Length);
    }

    [Fact]
    public async Task Unknown_sanctum_is_404()
    {
        var user = await app.SignupAsync();

        var response = await user.Client.PostAsJsonAsync("/api/posts", new { title = "t", content = "c", sanctum_id = 987654321 });

        await response.ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "Sanctum with ID 987654321 not found");
    }

    [Fact]
    public async Task Anonymous_and_malformed_requests_are_refused()
    {
        var user = await app.SignupAsync();

        await (await app.CreateClient().PostAsJsonAsync("/api/posts", PostTestData.TextPost())).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await user.Client.PostAsync("/api/posts", HttpAssertions.Json(""))).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid request body");
    }

    [Fact]
    public async Task Create_post_is_rate_limited_per_user()
    {
        var user = await app.SignupAsync();
        for (var i = 0; i < 20; i++)
        {
            await user.CreateTextPostAsync();
        }

        var response = await user.Client.PostAsJsonAsync("/api/posts", PostTestData.TextPost());

        await response.ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED", "rate limit exceeded");
        var other = await app.SignupAsync();
        await other.CreateTextPostAsync();
    }
}
