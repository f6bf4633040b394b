using Npgsql;
using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Admin;

/// <summary>User search and user detail of the admin console (contract 13). Every test uses its own admin.</summary>
[Collection(AppCollection.Name)]
public sealed class ConsoleUserTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Search_is_a_case_insensitive_literal_substring_of_username_or_email_by_id()
    {
        var admin = await app.CreateAdminAsync();
        var token = "srch" + Guid.NewGuid().ToString("N")[..6];
        var users = new List<TestUser>();
        for (var i = 0; i < 3; i++)
        {
            users.Add(await app.SignupAsync(token));
        }
        // The email alone matches for this one.
        var byEmail = await app.SignupAsync();
        await app.ExecuteSqlAsync("UPDATE users SET email = @email WHERE id = @id",
            new NpgsqlParameter("email", $"x{token}@example.org"), new NpgsqlParameter("id", byEmail.Id));
        var expected = users.Select(user => user.Id).Append(byEmail.Id).Order().ToList();

        var found = await admin.GetOkAsync($"/api/admin/users?q={token.ToUpperInvariant()}");
        Assert.Equal(expected, found.Ids());
        Assert.Equal(users[0].Email, found.Single(users[0].Id).GetProperty("email").GetString());
        Assert.Equal(expected, (await admin.GetOkAsync($"/api/admin/users?q=%20{token}%20")).Ids());

        Assert.Equal(expected.Take(2), (await admin.GetOkAsync($"/api/admin/users?q={token}&limit=2")).Ids());
        Assert.Equal(expected.Skip(2), (await admin.GetOkAsync($"/api/admin/users?q={token}&limit=2&offset=2")).Ids());

        // LIKE wildcards are plain characters: '_' and '%' match only themselves.
        var underscored = token[..3] + "_" + token[4..];
        Assert.Empty((await admin.GetOkAsync($"/api/admin/users?q={underscored}")).EnumerateArray());
        Assert.Empty((await admin.GetOkAsync($"/api/admin/users?q={token[..3]}%25{token[4..]}")).EnumerateArray());

        var all = await admin.GetOkAsync("/api/admin/users?limit=100");
        Assert.InRange(all.GetArrayLength(), 1, 100);
        Assert.Equal(all.Ids().Order(), all.Ids());
    }

    [Fact]
    public async Task A_query_over_64_characters_or_with_control_characters_is_400()
    {
        var admin = await app.CreateAdminAsync();

        await (await admin.Client.GetAsync($"/api/admin/users?q={new string('a', 65)}"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Search query too long (max 64 characters)");
        await (await admin.Client.GetAsync("/api/admin/users?q=ab%00c"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "q contains invalid characters");
        await (await admin.Client.GetAsync($"/api/admin/users?q={new string('a', 64)}")).ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task User_detail_lists_reports_against_the_user_and_blocks_both_ways()
    {
        var admin = await app.CreateAdminAsync();
        var subject = await app.SignupAsync();
        var other = await app.SignupAsync();
        var third = await app.SignupAsync();
        var olderReport = await app.InsertReportAsync(other.Id, "user", subject.Id, subject.Id, createdAt: DateTime.UtcNow.AddMinutes(-1));
        var newerReport = await app.InsertReportAsync(third.Id, "post", 1, subject.Id);
        await app.InsertReportAsync(subject.Id, "user", other.Id, other.Id); // made by the subject, not against them
        var given = await app.InsertBlockAsync(subject.Id, other.Id);
        var received = await app.InsertBlockAsync(third.Id, subject.Id);
        await app.ExecuteSqlAsync("UPDATE users SET is_banned = TRUE, banned_reason = 'spam' WHERE id = @id", new NpgsqlParameter("id", subject.Id));

        var detail = await admin.GetOkAsync($"/api/admin/users/{subject.Id}");

        var user = detail.GetProperty("user");
        Assert.Equal(subject.Id, user.Id());
        Assert.Equal(subject.Email, user.GetProperty("email").GetString());
        Assert.True(user.GetProperty("is_banned").GetBoolean());
        Assert.Equal([newerReport, olderReport], detail.GetProperty("reports").Ids());
        Assert.Equal(other.Id, detail.GetProperty("reports").Single(olderReport).GetProperty("reporter").Id());
        Assert.Equal(JsonValueKind.Array, detail.GetProperty("active_mutes").ValueKind);
        Assert.Equal(0, detail.GetProperty("active_mutes").GetArrayLength());
        var blockGiven = Assert.Single(detail.GetProperty("blocks_given").EnumerateArray());
        Assert.Equal(given, blockGiven.Id());
        Assert.Equal(subject.Id, blockGiven.GetProperty("blocker_id").GetInt64());
        Assert.Equal(other.Id, blockGiven.GetProperty("blocked_id").GetInt64());
        Assert.Equal(other.Id, blockGiven.GetProperty("blocked").Id());
        Assert.Equal(subject.Id, blockGiven.GetProperty("blocker").Id());
        Assert.True(blockGiven.TryGetProperty("created_at", out _));
        var blockReceived = Assert.Single(detail.GetProperty("blocks_received").EnumerateArray());
        Assert.Equal(received, blockReceived.Id());
        Assert.Equal(third.Id, blockReceived.GetProperty("blocker").Id());
        Assert.Equal(third.Email, blockReceived.GetProperty("blocker").GetProperty("email").GetString());
    }

    [Fact]
    public async Task User_detail_of_a_user_with_no_history_has_empty_lists()
    {
        var admin = await app.CreateAdminAsync();
        var quiet = await app.SignupAsync();

        var detail = await admin.GetOkAsync($"/api/admin/users/{quiet.Id}");

        Assert.Equal(quiet.Id, detail.GetProperty("user").Id());
        foreach (var list in new[] { "reports", "active_mutes", "blocks_given", "blocks_received" })
        {
            Assert.Equal(0, detail.GetProperty(list).GetArrayLength());
        }
    }
}
