using Sanctum.Tests.TestSupport;
using Sanctum.Tests.Posts;
using Sanctum.Tests.Sanctums;

namespace Sanctum.Tests.Infrastructure.Validation;

/// <summary>Every free-text field and list has an upper bound, answered with a 400 problem carrying <c>errors</c>.</summary>
[Collection(AppCollection.Name)]
public sealed class BoundsTests(SanctumAppFixture app)
{
    private static async Task ExpectFieldErrorAsync(HttpResponseMessage response, string field, string error)
    {
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", error);
        Assert.Equal(error, problem.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task Report_details_are_capped_at_2000_after_trimming()
    {
        var author = await app.SignupAsync();
        var reporter = await app.SignupAsync();
        var post = await author.CreateTextPostAsync();
        var path = $"/api/posts/{post.Id()}/report";

        await ExpectFieldErrorAsync(await reporter.Client.PostAsJsonAsync(path, new { reason = "spam", details = new string('d', 2001) }),
            "details", "details too long (max 2000 characters)");
        var accepted = await (await reporter.Client.PostAsJsonAsync(path, new { reason = "spam", details = $"  {new string('d', 2000)}  " }))
            .ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(2000, accepted.GetProperty("details").GetString()!.Length);
    }

    [Fact]
    public async Task Search_query_is_capped_at_200()
    {
        var client = app.CreateClient();

        await ExpectFieldErrorAsync(await client.GetAsync($"/api/posts/search?q={new string('q', 201)}"), "q", "Search query too long (max 200 characters)");
        await (await client.GetAsync($"/api/posts/search?q={new string('q', 200)}")).ExpectJsonAsync(HttpStatusCode.OK);
        await ExpectFieldErrorAsync(await client.GetAsync("/api/posts/search?q=%20%20"), "q", "Search query is required");
        await ExpectFieldErrorAsync(await client.GetAsync("/api/posts/search"), "q", "Search query is required");
    }

    [Fact]
    public async Task Follow_list_is_capped_at_100_slugs()
    {
        var user = await app.SignupAsync();
        var slugs = Enumerable.Range(0, 101).Select(i => $"slug{i}").ToArray();

        await ExpectFieldErrorAsync(await user.Client.PostAsJsonAsync("/api/sanctums/memberships/bulk", new { sanctum_slugs = slugs }),
            "sanctum_slugs", "sanctum_slugs cannot contain more than 100 values");
        await ExpectFieldErrorAsync(await user.Client.PostAsJsonAsync("/api/sanctums/memberships/bulk", new { sanctum_slugs = new[] { new string('s', 101) } }),
            "sanctum_slugs", "sanctum_slugs too long (max 100 characters)");
    }

    [Fact]
    public async Task Admin_request_status_is_checked_by_its_query_validator()
    {
        var admin = await app.CreateAdminAsync();

        await ExpectFieldErrorAsync(await admin.Client.GetAsync("/api/admin/sanctum-requests?status=open"),
            "status", "status must be one of: pending, approved, rejected");
        await (await admin.Client.GetAsync("/api/admin/sanctum-requests?status=rejected")).ExpectJsonAsync(HttpStatusCode.OK);
    }
}
