using Sanctum.Api.Features.Posts;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Tests.Unit;

public sealed class PostValidatorTests
{
    private static string? FirstError(CreatePostRequest request) =>
        new CreatePostRequestValidator().Validate(request).Errors.FirstOrDefault()?.ErrorMessage;

    [Fact]
    public void Only_the_first_failure_in_contract_order_is_reported()
    {
        var request = new CreatePostRequest(null, new string('c', 50_001), null, "bogus", null, null, null, null);

        var result = new CreatePostRequestValidator().Validate(request);

        Assert.Equal(["Invalid post_type"], result.Errors.Select(error => error.ErrorMessage));
    }

    [Theory]
    [InlineData("https://www.youtube.com/watch?v=1", true)]
    [InlineData("https://youtu.be/1", true)]
    [InlineData("https://m.youtube.com/watch?v=1", true)]
    [InlineData("https://vimeo.com/1", false)]
    [InlineData("youtube.com/watch", false)]
    public void Youtube_urls_need_a_youtube_host(string url, bool valid)
    {
        var request = new CreatePostRequest("t", null, null, "video", null, url, null, null);

        Assert.Equal(valid ? null : "youtube_url must be a valid YouTube URL", FirstError(request));
    }

    [Fact]
    public void A_valid_poll_passes_and_blank_options_are_dropped()
    {
        var request = new CreatePostRequest("t", null, null, "poll", null, null, null, new CreatePollRequest("q?", [" a ", "", "b"]));

        Assert.Null(FirstError(request));
        Assert.Equal(["a", "b"], PostLimits.TrimmedOptions(request.Poll!.Options));
    }

    [Theory]
    [InlineData("50%", @"50\%")]
    [InlineData("a_b", @"a\_b")]
    [InlineData(@"c:\dir", @"c:\\dir")]
    [InlineData(@"\%_", @"\\\%\_")]
    public void Like_patterns_escape_wildcards_and_the_escape_character(string text, string escaped)
    {
        Assert.Equal(escaped, SqlLike.Escape(text));
    }
}
