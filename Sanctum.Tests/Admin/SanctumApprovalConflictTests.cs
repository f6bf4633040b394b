using Npgsql;
using Sanctum.Tests.TestSupport;
using Sanctum.Tests.Sanctums;

namespace Sanctum.Tests.Admin;

/// <summary>Approvals that must fail as a whole: nothing is written and the request stays pending.</summary>
[Collection(AppCollection.Name)]
public sealed class SanctumApprovalConflictTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Approving_when_the_slug_was_taken_meanwhile_is_409_and_writes_nothing()
    {
        var admin = await app.CreateAdminAsync();
        var requester = await app.SignupAsync();
        var request = await requester.RequestSanctumAsync();
        var slug = request.GetProperty("requested_slug").GetString()!;
        await app.ExecuteSqlAsync("INSERT INTO sanctums (name, slug) VALUES ('Squatter', @slug)", new NpgsqlParameter("slug", slug));

        await (await admin.Client.PostAsync($"/api/admin/sanctum-requests/{request.GetProperty("id").GetInt64()}/approve", null))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT", "slug is already in use");

        var mine = await (await requester.Client.GetAsync("/api/sanctums/requests/me")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("pending", Assert.Single(mine.EnumerateArray()).GetProperty("status").GetString());
        Assert.Empty((await (await requester.Client.GetAsync("/api/sanctums/memberships/me")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(0, await app.ScalarAsync<long>(
            "SELECT count(*) FROM conversations c JOIN sanctums s ON s.id = c.sanctum_id WHERE s.slug = @slug", new NpgsqlParameter("slug", slug)));
    }

    [Fact]
    public async Task Approving_a_stored_request_whose_slug_breaks_the_rules_is_400()
    {
        var admin = await app.CreateAdminAsync();
        var requester = await app.SignupAsync();
        // Requests made before the rules existed can hold any slug; the API itself never stores one.
        var slug = "Bad_" + TestData.Slug()[..10];
        await app.ExecuteSqlAsync("""
            INSERT INTO sanctum_requests (requested_name, requested_slug, reason, requested_by_user_id)
            VALUES ('Legacy', @slug, 'Old request', @userId)
            """, new NpgsqlParameter("slug", slug), new NpgsqlParameter("userId", requester.Id));
        var mine = await (await requester.Client.GetAsync("/api/sanctums/requests/me")).ExpectJsonAsync(HttpStatusCode.OK);
        var id = Assert.Single(mine.EnumerateArray()).GetProperty("id").GetInt64();

        await (await admin.Client.PostAsync($"/api/admin/sanctum-requests/{id}/approve", null))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "slug must be 3-24 characters and contain only lowercase letters, numbers, and hyphens");
        Assert.Equal(0, await app.ScalarAsync<long>("SELECT count(*) FROM sanctums WHERE slug = @slug", new NpgsqlParameter("slug", slug)));
    }
}
