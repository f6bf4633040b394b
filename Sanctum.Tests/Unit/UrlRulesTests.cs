using Sanctum.Api.Features.Posts;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Tests.Unit;

public sealed class UrlRulesTests
{
    [Theory]
    [InlineData("https://example.com", true)]
    [InlineData("http://example.com/a?b=c#d", true)]
    [InlineData("HTTPS://EXAMPLE.COM/", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData(" javascript:alert(1)", false)]
    [InlineData("data:text/html,<script>alert(1)</script>", false)]
    [InlineData("ftp://example.com/file", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("/relative/path", false)]
    [InlineData("//example.com/protocol-relative", false)]
    [InlineData("https://exa mple.com", false)]
    [InlineData("https://", false)]
    [InlineData("not a url", false)]
    [InlineData("", false)]
    public void Web_urls_are_http_or_https_only(string url, bool valid) => Assert.Equal(valid, UrlRules.IsWebUrl(url));

    [Theory]
    [InlineData("https://cdn.example.com/a.png", true)]
    [InlineData("/media/i/abc/master.jpg", true)]
    [InlineData("/api/images/abc", true)]
    [InlineData("/other/a.png", false)]
    [InlineData("//evil.example/media/a.png", false)]
    [InlineData("/media/a b.png", false)]
    [InlineData("/media\\..\\a.png", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("data:image/png;base64,AAAA", false)]
    public void Image_urls_are_web_urls_or_media_paths(string url, bool valid) => Assert.Equal(valid, UrlRules.IsImageUrl(url));

    [Theory]
    [InlineData("https://youtube.com/watch?v=1", true)]
    [InlineData("https://www.youtube.com/watch?v=1", true)]
    [InlineData("https://m.youtube.com/watch?v=1", true)]
    [InlineData("https://music.youtube.com/watch?v=1", true)]
    [InlineData("https://WWW.YOUTUBE.COM/watch?v=1", true)]
    [InlineData("https://youtu.be/1", true)]
    [InlineData("https://www.youtu.be/1", true)]
    [InlineData("https://www.youtube-nocookie.com/embed/1", true)]
    [InlineData("https://youtube.com.evil.net/watch?v=1", false)]
    [InlineData("https://notyoutube.com/watch?v=1", false)]
    [InlineData("https://evilyoutu.be/1", false)]
    [InlineData("https://youtu.be.evil.net/1", false)]
    [InlineData("https://youtube.com@evil.net/watch", false)]
    [InlineData("https://evil.net/youtube.com", false)]
    [InlineData("javascript://youtube.com/%0aalert(1)", false)]
    [InlineData("ftp://youtube.com/a", false)]
    [InlineData("youtube.com/watch", false)]
    public void Youtube_hosts_match_exactly(string url, bool valid) => Assert.Equal(valid, UrlRules.IsYoutubeUrl(url));

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,x")]
    [InlineData("ftp://example.com/a")]
    public void Post_urls_refuse_other_schemes(string url)
    {
        var validator = new UpdatePostRequestValidator();

        Assert.Equal("link_url must be a valid URL", Assert.Single(validator.Validate(new UpdatePostRequest(null, null, null, url, null)).Errors).ErrorMessage);
        Assert.Equal("youtube_url must be a valid YouTube URL", Assert.Single(validator.Validate(new UpdatePostRequest(null, null, null, null, url)).Errors).ErrorMessage);
        Assert.Equal("image_url must be an http(s) URL or a /media/ or /api/images/ path",
            Assert.Single(validator.Validate(new UpdatePostRequest(null, null, url, null, null)).Errors).ErrorMessage);
        Assert.Equal("avatar must be an http(s) URL or a /media/ or /api/images/ path",
            Assert.Single(new UpdateProfileRequestValidator().Validate(new UpdateProfileRequest(null, null, url)).Errors).ErrorMessage);
    }

    [Fact]
    public void Every_post_type_checks_a_given_url()
    {
        var text = new CreatePostRequest("t", "c", null, "text", "javascript:alert(1)", null, null, null);

        Assert.Equal("link_url must be a valid URL", new CreatePostRequestValidator().Validate(text).Errors.First().ErrorMessage);
    }
}
