using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Admin;

/// <summary>The ban and unban routes' gate, input rules and budget (contract 13). Every test uses its own admin.</summary>
[Collection(AppCollection.Name)]
public sealed class UserBanRouteTests(SanctumAppFixture app)
{
    private const long UnknownId = 999999999;

    [Fact]
    public async Task Plain_users_get_403_and_anonymous_callers_401()
    {
        var user = await app.SignupAsync();
        var target = await app.SignupAsync();

        await (await user.Client.PostAsJsonAsync($"/api/admin/users/{target.Id}/ban", new { reason = "x" }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Admin access required");
        await (await user.Client.PostAsync($"/api/admin/users/{target.Id}/unban", null))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Admin access required");
        await (await app.CreateClient().PostAsJsonAsync($"/api/admin/users/{target.Id}/ban", new { reason = "x" }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await app.CreateClient().PostAsync($"/api/admin/users/{target.Id}/unban", null))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        // Nothing happened to the target.
        await (await target.Client.GetAsync("/api/users/me")).ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Unknown_users_are_404_and_bad_ids_400()
    {
        var admin = await app.CreateAdminAsync();

        await (await admin.Client.PostAsJsonAsync($"/api/admin/users/{UnknownId}/ban", new { }))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"User with ID {UnknownId} not found");
        await (await admin.Client.PostAsync($"/api/admin/users/{UnknownId}/unban", null))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"User with ID {UnknownId} not found");
        foreach (var id in new[] { "0", "-3", "abc" })
        {
            await (await admin.Client.PostAsJsonAsync($"/api/admin/users/{id}/ban", new { }))
                .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid ID");
            await (await admin.Client.PostAsync($"/api/admin/users/{id}/unban", null))
                .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid ID");
        }
    }

    [Fact]
    public async Task An_admin_cannot_ban_themselves_whatever_the_body()
    {
        var admin = await app.CreateAdminAsync();

        await (await admin.Client.PostAsJsonAsync($"/api/admin/users/{admin.Id}/ban", new { reason = "oops" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "cannot ban yourself");
        // Checked before the body (contract 13).
        await (await admin.Client.PostAsync($"/api/admin/users/{admin.Id}/ban", null))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "cannot ban yourself");
        await (await admin.Client.PostAsJsonAsync($"/api/admin/users/{admin.Id}/ban", new { reason = new string('x', 1001) }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "cannot ban yourself");
        await (await admin.Client.GetAsync("/api/users/me")).ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_body_is_required_and_the_reason_is_checked_as_stored()
    {
        var admin = await app.CreateAdminAsync();
        var user = await app.SignupAsync();
        var path = $"/api/admin/users/{user.Id}/ban";

        await (await admin.Client.PostAsync(path, null))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid request body");
        await (await admin.Client.PostAsync(path, HttpAssertions.Json("{\"reason\":")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid request body");
        await (await admin.Client.PostAsJsonAsync(path, new { reason = new string('x', 1001) }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "reason must not exceed 1000 characters");
        await (await admin.Client.PostAsJsonAsync(path, new { reason = "spam\0" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "reason contains invalid characters");
        await (await user.Client.GetAsync("/api/users/me")).ExpectJsonAsync(HttpStatusCode.OK);

        // The limit applies to the trimmed reason, which is what is stored.
        var reason = new string('x', 1000);
        await (await admin.Client.PostAsJsonAsync(path, new { reason = $"  {reason}\n " })).ExpectJsonAsync(HttpStatusCode.OK);
        var seen = await (await admin.Client.GetAsync($"/api/users/{user.Id}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(reason, seen.GetProperty("banned_reason").GetString());
    }

    [Fact]
    public async Task Ban_and_unban_share_the_admin_write_budget_and_refused_input_spends_none()
    {
        var admin = await app.CreateAdminAsync();
        var user = await app.SignupAsync();
        for (var i = 0; i < 4; i++)
        {
            await (await admin.Client.PostAsync($"/api/admin/users/{admin.Id}/ban", null)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
            await (await admin.Client.PostAsync($"/api/admin/users/{user.Id}/ban", null)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
            await (await admin.Client.PostAsJsonAsync($"/api/admin/users/{user.Id}/ban", new { reason = "\0" }))
                .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        }

        await (await admin.Client.PostAsync("/api/admin/sanctum-requests/999999999/reject", null)).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        for (var i = 0; i < 4; i++)
        {
            await (await admin.Client.PostAsJsonAsync($"/api/admin/users/{UnknownId}/ban", new { })).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
            await (await admin.Client.PostAsync($"/api/admin/users/{UnknownId}/unban", null)).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        }
        await (await admin.Client.PostAsJsonAsync($"/api/admin/users/{user.Id}/ban", new { })).ExpectJsonAsync(HttpStatusCode.OK);

        var limited = await admin.Client.PostAsync($"/api/admin/users/{user.Id}/unban", null);
        await limited.ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED", "rate limit exceeded");
        Assert.True(limited.Headers.Contains("Retry-After"));
        await (await admin.Client.PostAsJsonAsync($"/api/admin/users/{user.Id}/ban", new { }))
            .ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED", "rate limit exceeded");
        // Another admin has their own budget.
        var other = await app.CreateAdminAsync();
        await (await other.Client.PostAsync($"/api/admin/users/{user.Id}/unban", null)).ExpectJsonAsync(HttpStatusCode.OK);
    }
}
