using Sanctum.Tests.TestSupport;
using Sanctum.Tests.Posts;

namespace Sanctum.Tests.Infrastructure.Validation;

/// <summary>Only http(s) URLs (and /media/ or /api/images/ paths for images) are stored; YouTube by exact host.</summary>
[Collection(AppCollection.Name)]
public sealed class UrlValidationTests(SanctumAppFixture app)
{
    private const string ImageMessage = "image_url must be an http(s) URL or a /media/ or /api/images/ path";
    private const string AvatarMessage = "avatar must be an http(s) URL or a /media/ or /api/images/ path";

    public static TheoryData<object, string> RefusedPosts => new()
    {
        { new { title = "t", post_type = "link", link_url = "javascript:alert(1)" }, "link_url must be a valid URL" },
        { new { title = "t", post_type = "link", link_url = "data:text/html,<b>x</b>" }, "link_url must be a valid URL" },
        { new { title = "t", post_type = "link", link_url = "ftp://example.com/file" }, "link_url must be a valid URL" },
        { new { title = "t", post_type = "link", link_url = "/relative" }, "link_url must be a valid URL" },
        { new { title = "t", post_type = "video", youtube_url = "https://youtube.com.evil.net/watch?v=1" }, "youtube_url must be a valid YouTube URL" },
        { new { title = "t", post_type = "video", youtube_url = "https://notyoutube.com/watch?v=1" }, "youtube_url must be a valid YouTube URL" },
        { new { title = "t", post_type = "video", youtube_url = "javascript://youtube.com/%0aalert(1)" }, "youtube_url must be a valid YouTube URL" },
        { new { title = "t", post_type = "media", image_url = "javascript:alert(1)" }, ImageMessage },
        { new { title = "t", post_type = "media", image_url = "data:image/png;base64,AAAA" }, ImageMessage },
        { new { title = "t", post_type = "media", image_url = "/etc/passwd" }, ImageMessage },
        { new { title = "t", content = "c", link_url = "javascript:alert(1)" }, "link_url must be a valid URL" },
    };

    [Theory]
    [MemberData(nameof(RefusedPosts))]
    public async Task Create_refuses_other_schemes_and_look_alike_hosts(object body, string error)
    {
        var user = await app.SignupAsync();

        await (await user.Client.PostAsJsonAsync("/api/posts", body)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", error);
    }

    [Fact]
    public async Task Update_refuses_what_create_refuses()
    {
        var user = await app.SignupAsync();
        var post = await user.CreateTextPostAsync();
        var path = $"/api/posts/{post.Id()}";

        await (await user.Client.PutAsJsonAsync(path, new { link_url = "javascript:alert(1)" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "link_url must be a valid URL");
        await (await user.Client.PutAsJsonAsync(path, new { youtube_url = "https://youtube.com.evil.net/x" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "youtube_url must be a valid YouTube URL");
        await (await user.Client.PutAsJsonAsync(path, new { image_url = "data:image/png;base64,AAAA" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", ImageMessage);
        Assert.Equal("", (await app.CreateClient().GetPostAsync(post.Id())).GetProperty("image_url").GetString());
    }

    [Fact]
    public async Task Web_urls_and_media_paths_are_stored()
    {
        var user = await app.SignupAsync();

        var video = await user.CreatePostAsync(new { title = "v", post_type = "video", youtube_url = "https://music.youtube.com/watch?v=1" });
        var media = await user.CreatePostAsync(new { title = "m", post_type = "media", image_url = "/api/images/abc" });
        var link = await user.CreatePostAsync(new { title = "l", post_type = "link", link_url = "http://example.com/a" });

        Assert.Equal("https://music.youtube.com/watch?v=1", video.GetProperty("youtube_url").GetString());
        Assert.Equal("/api/images/abc", media.GetProperty("image_url").GetString());
        Assert.Equal("http://example.com/a", link.GetProperty("link_url").GetString());
    }

    [Fact]
    public async Task Avatar_is_a_web_url_or_a_media_path()
    {
        var user = await app.SignupAsync();

        await (await user.Client.PutAsJsonAsync("/api/users/me", new { avatar = "javascript:alert(1)" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", AvatarMessage);
        await (await user.Client.PutAsJsonAsync("/api/users/me", new { avatar = "ftp://example.com/a.png" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", AvatarMessage);
        var https = await (await user.Client.PutAsJsonAsync("/api/users/me", new { avatar = "https://cdn.example.com/a.png" })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("https://cdn.example.com/a.png", https.GetProperty("avatar").GetString());
        var media = await (await user.Client.PutAsJsonAsync("/api/users/me", new { avatar = "/media/i/abc/master.jpg" })).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("/media/i/abc/master.jpg", media.GetProperty("avatar").GetString());
    }
}
