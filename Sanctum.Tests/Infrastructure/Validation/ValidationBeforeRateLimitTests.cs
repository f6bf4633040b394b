using Sanctum.Tests.TestSupport;
using Sanctum.Tests.Posts;

namespace Sanctum.Tests.Infrastructure.Validation;

/// <summary>Validation runs before the rate limit, so invalid requests do not spend the caller's budget.</summary>
[Collection(AppCollection.Name)]
public sealed class ValidationBeforeRateLimitTests(SanctumAppFixture app)
{
    /// <summary>create_comment allows 5 per minute in the test fixture (<see cref="SanctumAppFixture.ApiSettings"/>).</summary>
    private const int CommentLimit = 5;

    [Fact]
    public async Task Invalid_comments_beyond_the_limit_leave_the_budget_untouched()
    {
        var user = await app.SignupAsync();
        var post = await user.CreateTextPostAsync();
        var path = $"/api/posts/{post.Id()}/comments";

        for (var i = 0; i < CommentLimit + 2; i++)
        {
            await (await user.Client.PostAsJsonAsync(path, new { content = "" }))
                .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Content is required");
        }

        await (await user.Client.PostAsJsonAsync(path, new { content = "Valid at last" })).ExpectJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Invalid_reports_beyond_the_limit_leave_the_budget_untouched()
    {
        var author = await app.SignupAsync();
        var reporter = await app.SignupAsync();
        var post = await author.CreateTextPostAsync();
        var path = $"/api/posts/{post.Id()}/report";

        for (var i = 0; i < 7; i++)
        {
            await (await reporter.Client.PostAsJsonAsync(path, new { reason = " " }))
                .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "reason is required");
        }

        await (await reporter.Client.PostAsJsonAsync(path, new { reason = "spam" })).ExpectJsonAsync(HttpStatusCode.Created);
    }
}
