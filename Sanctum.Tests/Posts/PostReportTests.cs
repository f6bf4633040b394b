using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Posts;

[Collection(AppCollection.Name)]
public sealed class PostReportTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Report_names_the_post_and_its_author()
    {
        var author = await app.SignupAsync();
        var reporter = await app.SignupAsync();
        var post = await author.CreateTextPostAsync();

        var response = await reporter.Client.PostAsJsonAsync($"/api/posts/{post.Id()}/report", new { reason = "  spam  ", details = " buy now " });
        var report = await response.ExpectJsonAsync(HttpStatusCode.Created);

        Assert.True(report.Id() > 0);
        Assert.Equal(reporter.Id, report.GetProperty("reporter_id").GetInt64());
        Assert.Equal("post", report.GetProperty("target_type").GetString());
        Assert.Equal(post.Id(), report.GetProperty("target_id").GetInt64());
        Assert.Equal(author.Id, report.GetProperty("reported_user_id").GetInt64());
        Assert.Equal("spam", report.GetProperty("reason").GetString());
        Assert.Equal("buy now", report.GetProperty("details").GetString());
        Assert.Equal("open", report.GetProperty("status").GetString());
        Assert.Equal("", report.GetProperty("resolution_note").GetString());
        Assert.False(report.TryGetProperty("resolved_at", out _));
        Assert.False(report.TryGetProperty("resolved_by_user_id", out _));
        Assert.True(DateTimeOffset.TryParse(report.GetProperty("created_at").GetString(), out _));
    }

    [Fact]
    public async Task Invalid_reports_are_rejected()
    {
        var author = await app.SignupAsync();
        var reporter = await app.SignupAsync();
        var post = await author.CreateTextPostAsync();
        var path = $"/api/posts/{post.Id()}/report";

        await (await reporter.Client.PostAsJsonAsync(path, new { reason = "   " })).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "reason is required");
        await (await reporter.Client.PostAsJsonAsync(path, new { reason = new string('r', 121) })).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "reason too long (max 120 characters)");
        await (await reporter.Client.PostAsJsonAsync("/api/posts/999999999/report", new { reason = "spam" })).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "Post with ID 999999999 not found");
        await (await app.CreateClient().PostAsJsonAsync(path, new { reason = "spam" })).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Reports_are_rate_limited_per_user()
    {
        var author = await app.SignupAsync();
        var reporter = await app.SignupAsync();
        var post = await author.CreateTextPostAsync();
        for (var i = 0; i < 5; i++)
        {
            await (await reporter.Client.PostAsJsonAsync($"/api/posts/{post.Id()}/report", new { reason = $"r{i}" })).ExpectJsonAsync(HttpStatusCode.Created);
        }

        var limited = await reporter.Client.PostAsJsonAsync($"/api/posts/{post.Id()}/report", new { reason = "again" });

        await limited.ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED", "rate limit exceeded");
    }
}
