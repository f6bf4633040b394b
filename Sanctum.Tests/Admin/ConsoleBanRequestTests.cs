using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Admin;

/// <summary><c>GET /api/admin/ban-requests</c> (contract 13): open user reports grouped by reported user.</summary>
[Collection(AppCollection.Name)]
public sealed class ConsoleBanRequestTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Open_user_reports_are_counted_per_user_most_reported_first()
    {
        var admin = await app.CreateAdminAsync();
        var reporter = await app.SignupAsync();
        var most = await app.SignupAsync();
        var fewer = await app.SignupAsync();
        var latest = DateTime.UtcNow.AddSeconds(-1);
        // Three open user reports against `most` (the newest at `latest`); two against `fewer`.
        await app.InsertReportAsync(reporter.Id, "user", most.Id, most.Id, createdAt: latest.AddMinutes(-3));
        await app.InsertReportAsync(reporter.Id, "user", most.Id, most.Id, createdAt: latest);
        await app.InsertReportAsync(reporter.Id, "user", most.Id, most.Id, createdAt: latest.AddMinutes(-2));
        await app.InsertReportAsync(reporter.Id, "user", fewer.Id, fewer.Id);
        await app.InsertReportAsync(reporter.Id, "user", fewer.Id, fewer.Id);
        // Not counted: closed reports, and reports on posts or messages even when they name the user.
        await app.InsertReportAsync(reporter.Id, "user", most.Id, most.Id, status: "resolved");
        await app.InsertReportAsync(reporter.Id, "user", most.Id, most.Id, status: "dismissed");
        await app.InsertReportAsync(reporter.Id, "post", 1, most.Id);
        await app.InsertReportAsync(reporter.Id, "message", 1, most.Id);

        var rows = (await admin.GetOkAsync("/api/admin/ban-requests")).EnumerateArray().ToList();

        var mostRow = Assert.Single(rows, row => row.GetProperty("reported_user_id").GetInt64() == most.Id);
        var fewerRow = Assert.Single(rows, row => row.GetProperty("reported_user_id").GetInt64() == fewer.Id);
        Assert.Equal(3, mostRow.GetProperty("report_count").GetInt64());
        Assert.Equal(2, fewerRow.GetProperty("report_count").GetInt64());
        Assert.Equal(latest, mostRow.GetProperty("latest_report_at").GetDateTime().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(most.Id, mostRow.GetProperty("user").Id());
        Assert.Equal(most.Email, mostRow.GetProperty("user").GetProperty("email").GetString());
        Assert.True(rows.IndexOf(mostRow) < rows.IndexOf(fewerRow));
        var counts = rows.Select(row => row.GetProperty("report_count").GetInt64()).ToList();
        Assert.Equal(counts.OrderByDescending(count => count), counts);

        // Resolving one report takes it out of the count.
        var open = (await admin.GetOkAsync("/api/admin/reports?status=open&target_type=user")).EnumerateArray()
            .First(report => report.GetProperty("reported_user_id").GetInt64() == fewer.Id).Id();
        await (await admin.Client.PostAsJsonAsync($"/api/admin/reports/{open}/resolve", new { status = "resolved" })).ExpectJsonAsync(HttpStatusCode.OK);
        var after = (await admin.GetOkAsync("/api/admin/ban-requests")).EnumerateArray()
            .Single(row => row.GetProperty("reported_user_id").GetInt64() == fewer.Id);
        Assert.Equal(1, after.GetProperty("report_count").GetInt64());
    }

    [Fact]
    public async Task Ban_requests_page_with_limit_and_offset()
    {
        var admin = await app.CreateAdminAsync();
        var reporter = await app.SignupAsync();
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var target = await app.SignupAsync();
            await app.InsertReportAsync(reporter.Id, "user", target.Id, target.Id);
        }

        Assert.Equal(1, (await admin.GetOkAsync("/api/admin/ban-requests?limit=1")).GetArrayLength());
        Assert.Equal(1, (await admin.GetOkAsync("/api/admin/ban-requests?limit=1&offset=1")).GetArrayLength());
        Assert.Empty((await admin.GetOkAsync("/api/admin/ban-requests?offset=1000000")).EnumerateArray());
    }
}
