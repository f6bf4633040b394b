using Npgsql;
using Sanctum.Tests.Posts;
using Sanctum.Tests.Realtime;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Blocks;

/// <summary><c>POST /api/users/{id}/report</c> (contract 2 and 8): the shared report shape, the admin event, the shared
/// <c>report</c> budget. Each test reports as a new user, so each has its own budget.</summary>
[Collection(AppCollection.Name)]
public sealed class UserReportTests(SanctumAppFixture app)
{
    [Fact]
    public async Task User_report_names_the_user_and_is_open()
    {
        var target = await app.SignupAsync();
        var reporter = await app.SignupAsync();

        var response = await reporter.Client.PostAsJsonAsync($"/api/users/{target.Id}/report", new { reason = "  harassment  ", details = " in chat " });
        var report = await response.ExpectJsonAsync(HttpStatusCode.Created);

        Assert.Equal(["created_at", "details", "id", "reason", "reported_user_id", "reporter_id", "resolution_note", "status", "target_id", "target_type", "updated_at"],
            report.FieldNames());
        Assert.True(report.Id() > 0);
        Assert.Equal(reporter.Id, report.GetProperty("reporter_id").GetInt64());
        Assert.Equal("user", report.GetProperty("target_type").GetString());
        Assert.Equal(target.Id, report.GetProperty("target_id").GetInt64());
        Assert.Equal(target.Id, report.GetProperty("reported_user_id").GetInt64());
        Assert.Equal("harassment", report.GetProperty("reason").GetString());
        Assert.Equal("in chat", report.GetProperty("details").GetString());
        Assert.Equal("open", report.GetProperty("status").GetString());
        Assert.Equal("", report.GetProperty("resolution_note").GetString());
        Assert.Equal(1, await ReportCountAsync(reporter));
    }

    [Fact]
    public async Task Details_are_optional_and_self_reports_are_allowed()
    {
        var reporter = await app.SignupAsync();

        var report = await (await reporter.Client.PostAsJsonAsync($"/api/users/{reporter.Id}/report", new { reason = "spam" }))
            .ExpectJsonAsync(HttpStatusCode.Created);

        Assert.Equal("", report.GetProperty("details").GetString());
        Assert.Equal(reporter.Id, report.GetProperty("reported_user_id").GetInt64());
    }

    [Fact]
    public async Task Moderation_report_created_reaches_admins_only()
    {
        var admin = await app.CreateAdminAsync();
        var target = await app.SignupAsync();
        var reporter = await app.SignupAsync();
        await using var adminSocket = await app.ConnectReadyAsync(admin, replica: 0);
        await using var targetSocket = await app.ConnectReadyAsync(target, replica: 1);
        await using var reporterSocket = await app.ConnectReadyAsync(reporter, replica: 0);

        var report = await (await app.ClientFor(reporter, 1).PostAsJsonAsync($"/api/users/{target.Id}/report", new { reason = "spam" }))
            .ExpectJsonAsync(HttpStatusCode.Created);

        var frame = await adminSocket.ReceiveTypeAsync("moderation_report_created", f => f.Has("id", report.Id()));
        var payload = frame.Payload();
        Assert.Equal("user", payload.GetProperty("target_type").GetString());
        Assert.Equal(target.Id, payload.GetProperty("target_id").GetInt64());
        Assert.Equal(target.Id, payload.GetProperty("reported_user_id").GetInt64());
        Assert.Equal("open", payload.GetProperty("status").GetString());
        await Task.WhenAll(
            targetSocket.ExpectNoEventAsync("moderation_report_created", "id", report.Id()),
            reporterSocket.ExpectNoEventAsync("moderation_report_created", "id", report.Id()));
    }

    [Fact]
    public async Task Invalid_reports_are_400_and_write_nothing()
    {
        var target = await app.SignupAsync();
        var reporter = await app.SignupAsync();
        var path = $"/api/users/{target.Id}/report";

        await (await reporter.Client.PostAsJsonAsync(path, new { details = "x" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "reason is required");
        await (await reporter.Client.PostAsJsonAsync(path, new { reason = "   " })).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "reason is required");
        await (await reporter.Client.PostAsJsonAsync(path, new { reason = new string('r', 121) }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "reason too long (max 120 characters)");
        await (await reporter.Client.PostAsJsonAsync(path, new { reason = "sp\0am" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "reason contains invalid characters");
        await (await reporter.Client.PostAsJsonAsync(path, new { reason = "spam", details = "a\0b" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "details contains invalid characters");
        await (await reporter.Client.PostAsJsonAsync(path, new { reason = "spam", details = new string('d', 2001) }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "details too long (max 2000 characters)");
        await (await reporter.Client.PostAsync(path, HttpAssertions.Json("{\"reason\": 42}")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid request body");
        await (await reporter.Client.PostAsync(path, HttpAssertions.Json("{\"reason\": \"spam\", \"details\": [1]}")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid request body");

        Assert.Equal(0, await ReportCountAsync(reporter));
    }

    [Fact]
    public async Task Missing_users_bad_ids_and_anonymous_callers_are_refused()
    {
        var target = await app.SignupAsync();
        var reporter = await app.SignupAsync();

        await (await app.CreateClient().PostAsJsonAsync($"/api/users/{target.Id}/report", new { reason = "spam" }))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await reporter.Client.PostAsJsonAsync("/api/users/999999999/report", new { reason = "spam" }))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "User with ID 999999999 not found");
        foreach (var id in new[] { "abc", "0", "9223372036854775808" })
        {
            await (await reporter.Client.PostAsJsonAsync($"/api/users/{id}/report", new { reason = "spam" }))
                .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid ID");
        }
        Assert.Equal(0, await ReportCountAsync(reporter));
    }

    [Fact]
    public async Task The_report_budget_is_shared_with_post_reports()
    {
        var author = await app.SignupAsync();
        var reporter = await app.SignupAsync();
        var post = await author.CreateTextPostAsync();
        for (var i = 0; i < 3; i++)
        {
            await (await reporter.Client.PostAsJsonAsync($"/api/posts/{post.Id()}/report", new { reason = $"p{i}" })).ExpectJsonAsync(HttpStatusCode.Created);
        }
        for (var i = 0; i < 2; i++)
        {
            await (await reporter.Client.PostAsJsonAsync($"/api/users/{author.Id}/report", new { reason = $"u{i}" })).ExpectJsonAsync(HttpStatusCode.Created);
        }

        await (await reporter.Client.PostAsJsonAsync($"/api/users/{author.Id}/report", new { reason = "again" }))
            .ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED", "rate limit exceeded");
        await (await reporter.Client.PostAsJsonAsync($"/api/posts/{post.Id()}/report", new { reason = "again" }))
            .ExpectProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED", "rate limit exceeded");
        Assert.Equal(5, await ReportCountAsync(reporter));
    }

    [Fact]
    public async Task Invalid_reports_do_not_spend_the_budget()
    {
        var target = await app.SignupAsync();
        var reporter = await app.SignupAsync();
        for (var i = 0; i < 6; i++)
        {
            await (await reporter.Client.PostAsJsonAsync($"/api/users/{target.Id}/report", new { reason = "" }))
                .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "reason is required");
        }

        await (await reporter.Client.PostAsJsonAsync($"/api/users/{target.Id}/report", new { reason = "spam" })).ExpectJsonAsync(HttpStatusCode.Created);
    }

    private Task<long> ReportCountAsync(TestUser reporter) =>
        app.ScalarAsync<long>("SELECT count(*) FROM moderation_reports WHERE reporter_id = @id", new NpgsqlParameter("id", reporter.Id));
}
