using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Admin;

/// <summary>The admin console routes of contract 13 behind the admin gate, and their ids. Every test uses its own admin.</summary>
[Collection(AppCollection.Name)]
public sealed class ConsoleGateTests(SanctumAppFixture app)
{
    private const long UnknownId = 999999999;

    private static readonly string[] Reads =
        ["/api/admin/reports", "/api/admin/ban-requests", "/api/admin/users", "/api/admin/users/1", "/api/admin/feature-flags"];

    [Fact]
    public async Task Plain_users_get_403_and_anonymous_callers_401_on_every_console_route()
    {
        var user = await app.SignupAsync();
        var anonymous = app.CreateClient();
        var reportId = await app.InsertReportAsync(user.Id, "user", user.Id, user.Id);

        foreach (var path in Reads)
        {
            await (await user.Client.GetAsync(path)).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Admin access required");
            await (await anonymous.GetAsync(path)).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }
        var resolve = $"/api/admin/reports/{reportId}/resolve";
        await (await user.Client.PostAsJsonAsync(resolve, new { status = "resolved" }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Admin access required");
        await (await anonymous.PostAsJsonAsync(resolve, new { status = "resolved" }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        // Nothing was resolved.
        Assert.Equal("open", await app.ScalarAsync<string>("SELECT status FROM moderation_reports WHERE id = @id", new Npgsql.NpgsqlParameter("id", reportId)));
    }

    [Fact]
    public async Task Unknown_ids_are_404_and_bad_ids_400()
    {
        var admin = await app.CreateAdminAsync();

        await (await admin.Client.PostAsJsonAsync($"/api/admin/reports/{UnknownId}/resolve", new { status = "resolved" }))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"ModerationReport with ID {UnknownId} not found");
        await (await admin.Client.GetAsync($"/api/admin/users/{UnknownId}"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"User with ID {UnknownId} not found");
        foreach (var id in new[] { "0", "-3", "abc", "99999999999999999999" })
        {
            await (await admin.Client.PostAsJsonAsync($"/api/admin/reports/{id}/resolve", new { status = "resolved" }))
                .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid ID");
            await (await admin.Client.GetAsync($"/api/admin/users/{id}"))
                .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid ID");
        }
    }

    [Fact]
    public async Task The_admin_read_budget_is_30_gets_a_minute_shared_by_every_console_read()
    {
        var admin = await app.CreateAdminAsync();
        var reads = Reads.Select(path => path.Replace("/users/1", $"/users/{admin.Id}", StringComparison.Ordinal)).ToArray();

        for (var i = 0; i < 30; i++)
        {
            await (await admin.Client.GetAsync(reads[i % reads.Length])).ExpectJsonAsync(HttpStatusCode.OK);
        }

        foreach (var path in reads.Append("/api/admin/sanctum-requests"))
        {
            await (await admin.Client.GetAsync(path)).ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED", "rate limit exceeded");
        }
        // Another admin has a budget of their own.
        var other = await app.CreateAdminAsync();
        await other.GetOkAsync("/api/admin/feature-flags");
    }
}
