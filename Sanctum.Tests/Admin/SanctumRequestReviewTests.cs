using Npgsql;
using Sanctum.Tests.TestSupport;
using Sanctum.Tests.Sanctums;

namespace Sanctum.Tests.Admin;

/// <summary>Approve, reject and list sanctum requests. Every test uses its own admin (admin_write is 10 / 5 min per admin).</summary>
[Collection(AppCollection.Name)]
public sealed class SanctumRequestReviewTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Approving_creates_the_sanctum_owner_membership_and_room_atomically()
    {
        var admin = await app.CreateAdminAsync();
        var requester = await app.SignupAsync();
        var request = await requester.RequestSanctumAsync(reason: "All about tests.");
        var id = request.GetProperty("id").GetInt64();

        var response = await admin.Client.PostAsJsonAsync($"/api/admin/sanctum-requests/{id}/approve", new { review_notes = "  Welcome!  " });
        var body = await response.ExpectJsonAsync(HttpStatusCode.OK);

        var approved = body.GetProperty("request");
        Assert.Equal(id, approved.GetProperty("id").GetInt64());
        Assert.Equal("approved", approved.GetProperty("status").GetString());
        Assert.Equal(admin.Id, approved.GetProperty("reviewed_by_user_id").GetInt64());
        Assert.Equal("Welcome!", approved.GetProperty("review_notes").GetString());

        var sanctum = body.GetProperty("sanctum");
        var slug = request.GetProperty("requested_slug").GetString()!;
        Assert.Equal(slug, sanctum.GetProperty("slug").GetString());
        Assert.Equal(request.GetProperty("requested_name").GetString(), sanctum.GetProperty("name").GetString());
        Assert.Equal("All about tests.", sanctum.GetProperty("description").GetString());
        Assert.Equal(requester.Id, sanctum.GetProperty("created_by_user_id").GetInt64());
        Assert.Equal("active", sanctum.GetProperty("status").GetString());
        var roomId = sanctum.GetProperty("default_chat_room_id").GetInt64();

        var room = await app.ScalarAsync<long>("""
            SELECT count(*) FROM conversations
            WHERE id = @roomId AND sanctum_id = @sanctumId AND name = @name AND is_group AND created_by = @owner AND deleted_at IS NULL
            """,
            new NpgsqlParameter("roomId", roomId), new NpgsqlParameter("sanctumId", sanctum.GetProperty("id").GetInt64()),
            new NpgsqlParameter("name", sanctum.GetProperty("name").GetString()), new NpgsqlParameter("owner", requester.Id));
        Assert.Equal(1, room);

        var memberships = await (await requester.Client.GetAsync("/api/sanctums/memberships/me")).ExpectJsonAsync(HttpStatusCode.OK);
        var owned = Assert.Single(memberships.EnumerateArray());
        Assert.Equal("owner", owned.GetProperty("role").GetString());
        Assert.Equal(slug, owned.GetProperty("sanctum").GetProperty("slug").GetString());
    }

    [Fact]
    public async Task Approve_accepts_an_empty_body_and_a_second_approval_is_409()
    {
        var admin = await app.CreateAdminAsync();
        var requester = await app.SignupAsync();
        var id = (await requester.RequestSanctumAsync()).GetProperty("id").GetInt64();

        var first = await admin.ApproveAsync(id);
        Assert.Equal("", first.GetProperty("request").GetProperty("review_notes").GetString());

        await (await admin.Client.PostAsync($"/api/admin/sanctum-requests/{id}/approve", null))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT", "sanctum request is not pending");
        await (await admin.Client.PostAsync($"/api/admin/sanctum-requests/{id}/reject", null))
            .ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT", "sanctum request is not pending");
    }

    [Fact]
    public async Task Two_admins_approving_at_once_make_one_sanctum_and_one_409()
    {
        var first = await app.CreateAdminAsync();
        var second = await app.CreateAdminAsync();
        var requester = await app.SignupAsync();
        var request = await requester.RequestSanctumAsync();
        var id = request.GetProperty("id").GetInt64();

        var responses = await Task.WhenAll(
            first.Client.PostAsync($"/api/admin/sanctum-requests/{id}/approve", null),
            second.Client.PostAsync($"/api/admin/sanctum-requests/{id}/approve", null));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        await responses.Single(r => r.StatusCode == HttpStatusCode.Conflict)
            .ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT", "sanctum request is not pending");
        var slug = new NpgsqlParameter("slug", request.GetProperty("requested_slug").GetString());
        Assert.Equal(1, await app.ScalarAsync<long>("SELECT count(*) FROM sanctums WHERE slug = @slug", slug));
        Assert.Equal(1, await app.ScalarAsync<long>(
            "SELECT count(*) FROM conversations c JOIN sanctums s ON s.id = c.sanctum_id WHERE s.slug = @slug",
            new NpgsqlParameter("slug", request.GetProperty("requested_slug").GetString())));
    }

    [Fact]
    public async Task Rejecting_records_the_reviewer_and_shows_in_my_requests()
    {
        var admin = await app.CreateAdminAsync();
        var requester = await app.SignupAsync();
        var request = await requester.RequestSanctumAsync();
        var id = request.GetProperty("id").GetInt64();

        var body = await (await admin.Client.PostAsJsonAsync($"/api/admin/sanctum-requests/{id}/reject", new { review_notes = " Not now " }))
            .ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("rejected", body.GetProperty("status").GetString());
        Assert.Equal(admin.Id, body.GetProperty("reviewed_by_user_id").GetInt64());
        Assert.Equal("Not now", body.GetProperty("review_notes").GetString());

        var mine = await (await requester.Client.GetAsync("/api/sanctums/requests/me")).ExpectJsonAsync(HttpStatusCode.OK);
        var row = Assert.Single(mine.EnumerateArray());
        Assert.Equal(admin.Id, row.GetProperty("reviewed_by_user").GetProperty("id").GetInt64());
        Assert.Equal(admin.Username, row.GetProperty("reviewed_by_user").GetProperty("username").GetString());
        await (await app.CreateClient().GetAsync($"/api/sanctums/{request.GetProperty("requested_slug").GetString()}"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        // A rejected slug can be requested again.
        await requester.RequestSanctumAsync(request.GetProperty("requested_slug").GetString());
    }

    [Fact]
    public async Task Unknown_requests_are_404()
    {
        var admin = await app.CreateAdminAsync();

        await (await admin.Client.PostAsync("/api/admin/sanctum-requests/999999999/approve", null))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "Sanctum request with ID 999999999 not found");
        await (await admin.Client.PostAsync("/api/admin/sanctum-requests/999999999/reject", null))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "Sanctum request with ID 999999999 not found");
        await (await admin.Client.PostAsync("/api/admin/sanctum-requests/0/approve", null))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid ID");
    }

    [Fact]
    public async Task Review_notes_over_1000_characters_are_400()
    {
        var admin = await app.CreateAdminAsync();
        var id = (await (await app.SignupAsync()).RequestSanctumAsync()).GetProperty("id").GetInt64();

        await (await admin.Client.PostAsJsonAsync($"/api/admin/sanctum-requests/{id}/reject", new { review_notes = new string('x', 1001) }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "review_notes must not exceed 1000 characters");
    }

    [Fact]
    public async Task The_admin_list_defaults_to_pending_oldest_first_with_users()
    {
        var admin = await app.CreateAdminAsync();
        var requester = await app.SignupAsync();
        var older = (await requester.RequestSanctumAsync()).GetProperty("id").GetInt64();
        var newer = (await requester.RequestSanctumAsync()).GetProperty("id").GetInt64();
        var approved = (await requester.RequestSanctumAsync()).GetProperty("id").GetInt64();
        await admin.ApproveAsync(approved);

        var pending = await (await admin.Client.GetAsync("/api/admin/sanctum-requests")).ExpectJsonAsync(HttpStatusCode.OK);
        var ids = pending.EnumerateArray().Select(row => row.GetProperty("id").GetInt64()).ToList();
        Assert.True(ids.IndexOf(older) >= 0 && ids.IndexOf(older) < ids.IndexOf(newer));
        Assert.DoesNotContain(approved, ids);
        Assert.All(pending.EnumerateArray(), row => Assert.Equal("pending", row.GetProperty("status").GetString()));
        var mine = pending.EnumerateArray().Single(row => row.GetProperty("id").GetInt64() == older);
        Assert.Equal(requester.Username, mine.GetProperty("requested_by_user").GetProperty("username").GetString());
        Assert.False(mine.TryGetProperty("reviewed_by_user", out _));

        var done = await (await admin.Client.GetAsync("/api/admin/sanctum-requests?status=approved")).ExpectJsonAsync(HttpStatusCode.OK);
        var row = done.EnumerateArray().Single(item => item.GetProperty("id").GetInt64() == approved);
        Assert.Equal(admin.Id, row.GetProperty("reviewed_by_user").GetProperty("id").GetInt64());
        Assert.Equal(requester.Id, row.GetProperty("requested_by_user").GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task An_unknown_status_is_400()
    {
        var admin = await app.CreateAdminAsync();

        await (await admin.Client.GetAsync("/api/admin/sanctum-requests?status=open"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "status must be one of: pending, approved, rejected");
    }

    [Fact]
    public async Task Admin_routes_are_403_for_plain_users_and_401_for_anonymous_callers()
    {
        var user = await app.SignupAsync();
        var id = (await user.RequestSanctumAsync()).GetProperty("id").GetInt64();

        await (await user.Client.GetAsync("/api/admin/sanctum-requests")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Admin access required");
        await (await user.Client.PostAsync($"/api/admin/sanctum-requests/{id}/approve", null)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Admin access required");
        await (await user.Client.PostAsync($"/api/admin/sanctum-requests/{id}/reject", null)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Admin access required");
        await (await user.Client.DeleteAsync("/api/admin/sanctums/atrium")).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Admin access required");
        await (await app.CreateClient().GetAsync("/api/admin/sanctum-requests")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await app.CreateClient().DeleteAsync("/api/admin/sanctums/atrium")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Admin_write_is_limited_to_10_per_admin()
    {
        var admin = await app.CreateAdminAsync();
        for (var i = 0; i < 10; i++)
        {
            await (await admin.Client.PostAsync("/api/admin/sanctum-requests/999999999/reject", null)).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        }

        var limited = await admin.Client.PostAsync("/api/admin/sanctum-requests/999999999/approve", null);

        await limited.ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED", "rate limit exceeded");
        Assert.True(limited.Headers.Contains("Retry-After"));
        // Reads have their own bucket.
        await (await admin.Client.GetAsync("/api/admin/sanctum-requests")).ExpectJsonAsync(HttpStatusCode.OK);
    }
}
