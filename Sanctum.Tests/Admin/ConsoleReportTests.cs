using Npgsql;
using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Admin;

/// <summary>The reports queue of contract 13: list, filters, paging and resolution. Every test uses its own admin.</summary>
[Collection(AppCollection.Name)]
public sealed class ConsoleReportTests(SanctumAppFixture app)
{
    [Fact]
    public async Task A_post_report_is_listed_newest_first_with_its_users_in_the_admins_form()
    {
        var admin = await app.CreateAdminAsync();
        var author = await app.SignupAsync();
        var reporter = await app.SignupAsync();
        var post = await author.CreateTextPostAsync();
        var older = await app.InsertReportAsync(reporter.Id, "post", post.Id(), author.Id, createdAt: DateTime.UtcNow.AddSeconds(-30));
        var filed = await (await reporter.Client.PostAsJsonAsync($"/api/posts/{post.Id()}/report", new { reason = "spam" }))
            .ExpectJsonAsync(HttpStatusCode.Created);

        var list = await admin.GetOkAsync("/api/admin/reports?status=open&target_type=post");

        var report = list.Single(filed.Id());
        Assert.Equal("spam", report.GetProperty("reason").GetString());
        Assert.Equal("open", report.GetProperty("status").GetString());
        Assert.Equal(reporter.Id, report.GetProperty("reporter").Id());
        Assert.Equal(reporter.Email, report.GetProperty("reporter").GetProperty("email").GetString());
        Assert.Equal(author.Id, report.GetProperty("reported_user").Id());
        Assert.Equal(author.Email, report.GetProperty("reported_user").GetProperty("email").GetString());
        Assert.False(report.TryGetProperty("resolved_by_user", out _));
        var ids = list.Ids();
        Assert.Contains(older, ids);
        Assert.True(ids.IndexOf(filed.Id()) < ids.IndexOf(older), "newest first");
        var times = list.EnumerateArray().Select(item => item.GetProperty("created_at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderByDescending(time => time), times);
    }

    [Fact]
    public async Task Filters_match_exactly_and_paging_applies()
    {
        var admin = await app.CreateAdminAsync();
        var reporter = await app.SignupAsync();
        var target = await app.SignupAsync();
        var userReport = await app.InsertReportAsync(reporter.Id, "user", target.Id, target.Id);
        var dismissed = await app.InsertReportAsync(reporter.Id, "user", target.Id, target.Id, status: "dismissed");

        var users = (await admin.GetOkAsync("/api/admin/reports?target_type=user")).Ids();
        Assert.Contains(userReport, users);
        Assert.Contains(dismissed, users);
        Assert.All((await admin.GetOkAsync("/api/admin/reports?target_type=user")).EnumerateArray(),
            item => Assert.Equal("user", item.GetProperty("target_type").GetString()));
        var open = await admin.GetOkAsync("/api/admin/reports?status=open&target_type=user");
        Assert.Contains(userReport, open.Ids());
        Assert.DoesNotContain(dismissed, open.Ids());
        var closed = await admin.GetOkAsync("/api/admin/reports?status=dismissed");
        Assert.Contains(dismissed, closed.Ids());
        Assert.All(closed.EnumerateArray(), item => Assert.Equal("dismissed", item.GetProperty("status").GetString()));
        // Exact match: neither case-folded nor a prefix.
        Assert.DoesNotContain(dismissed, (await admin.GetOkAsync("/api/admin/reports?status=DISMISSED")).Ids());
        Assert.Empty((await admin.GetOkAsync("/api/admin/reports?target_type=us")).EnumerateArray());

        Assert.Equal(2, (await admin.GetOkAsync("/api/admin/reports?limit=2")).GetArrayLength());
        Assert.Equal(1, (await admin.GetOkAsync("/api/admin/reports?limit=1&offset=1")).GetArrayLength());
        Assert.InRange((await admin.GetOkAsync("/api/admin/reports?limit=500")).GetArrayLength(), 2, 100);
    }

    [Fact]
    public async Task Filter_text_with_control_characters_or_beyond_the_column_is_400()
    {
        var admin = await app.CreateAdminAsync();

        await (await admin.Client.GetAsync("/api/admin/reports?status=op%00en"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "status contains invalid characters");
        await (await admin.Client.GetAsync("/api/admin/reports?target_type=u%0Aser"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "target_type contains invalid characters");
        await (await admin.Client.GetAsync($"/api/admin/reports?status={new string('o', 21)}"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "status too long (max 20 characters)");
    }

    [Fact]
    public async Task Resolving_records_the_admin_the_time_and_the_trimmed_note_and_may_be_repeated()
    {
        var admin = await app.CreateAdminAsync();
        var reporter = await app.SignupAsync();
        var id = await app.InsertReportAsync(reporter.Id, "user", reporter.Id, reporter.Id);
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);

        var resolved = await (await admin.Client.PostAsJsonAsync($"/api/admin/reports/{id}/resolve",
            new { status = "  ReSolved ", resolution_note = "  warned\nthe user  " })).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(id, resolved.Id());
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        Assert.Equal(admin.Id, resolved.GetProperty("resolved_by_user_id").GetInt64());
        Assert.Equal(admin.Id, resolved.GetProperty("resolved_by_user").Id());
        Assert.Equal(reporter.Id, resolved.GetProperty("reporter").Id());
        Assert.Equal("warned\nthe user", resolved.GetProperty("resolution_note").GetString());
        Assert.True(resolved.GetProperty("resolved_at").GetDateTimeOffset() > before);

        var dismissed = await (await admin.Client.PostAsJsonAsync($"/api/admin/reports/{id}/resolve", new { status = "DISMISSED" }))
            .ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("dismissed", dismissed.GetProperty("status").GetString());
        Assert.Equal("", dismissed.GetProperty("resolution_note").GetString());
        var listed = (await admin.GetOkAsync("/api/admin/reports?status=dismissed&target_type=user")).Single(id);
        Assert.Equal(admin.Id, listed.GetProperty("resolved_by_user").Id());
    }

    [Fact]
    public async Task Invalid_resolutions_are_400_and_change_nothing()
    {
        var admin = await app.CreateAdminAsync();
        var reporter = await app.SignupAsync();
        var id = await app.InsertReportAsync(reporter.Id, "user", reporter.Id, reporter.Id);
        var path = $"/api/admin/reports/{id}/resolve";

        foreach (var status in new[] { "open", "closed", "", "resolved!" })
        {
            await (await admin.Client.PostAsJsonAsync(path, new { status }))
                .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "status must be resolved or dismissed");
        }
        await (await admin.Client.PostAsJsonAsync(path, new { resolution_note = "no status" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "status must be resolved or dismissed");
        await (await admin.Client.PostAsJsonAsync(path, new { status = "resolved", resolution_note = "bad\0note" }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "resolution_note contains invalid characters");
        await (await admin.Client.PostAsJsonAsync(path, new { status = "resolved", resolution_note = new string('n', 2001) }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "resolution_note too long (max 2000 characters)");
        await (await admin.Client.PostAsync(path, HttpAssertions.Json("""{"status": 5}""")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await admin.Client.PostAsync(path, null)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");

        Assert.Equal("open", await app.ScalarAsync<string>("SELECT status FROM moderation_reports WHERE id = @id", new NpgsqlParameter("id", id)));
    }

    [Fact]
    public async Task Two_admins_resolving_at_once_leave_one_consistent_resolution()
    {
        var first = await app.CreateAdminAsync();
        var second = await app.CreateAdminAsync();
        var reporter = await app.SignupAsync();
        var id = await app.InsertReportAsync(reporter.Id, "user", reporter.Id, reporter.Id);
        var path = $"/api/admin/reports/{id}/resolve";

        var responses = await Task.WhenAll(
            first.Client.PostAsJsonAsync(path, new { status = "resolved", resolution_note = $"by {first.Id}" }),
            second.Client.PostAsJsonAsync(path, new { status = "dismissed", resolution_note = $"by {second.Id}" }));

        // Each answer is its own admin's whole resolution; the row holds exactly one of them, never a mix.
        var answers = new List<(string Status, long By, string Note)>();
        foreach (var response in responses)
        {
            var body = await response.ExpectJsonAsync(HttpStatusCode.OK);
            answers.Add((body.GetProperty("status").GetString()!, body.GetProperty("resolved_by_user_id").GetInt64(),
                body.GetProperty("resolution_note").GetString()!));
        }
        Assert.Equal(("resolved", first.Id, $"by {first.Id}"), answers[0]);
        Assert.Equal(("dismissed", second.Id, $"by {second.Id}"), answers[1]);
        var stored = (await app.ScalarAsync<string>(
            "SELECT status || '|' || resolved_by_user_id || '|' || resolution_note FROM moderation_reports WHERE id = @id",
            new NpgsqlParameter("id", id))).Split('|');
        Assert.Contains((stored[0], long.Parse(stored[1], System.Globalization.CultureInfo.InvariantCulture), stored[2]), answers);
    }
}
