using Npgsql;
using Sanctum.Tests.Chatrooms;
using Sanctum.Tests.Posts;
using Sanctum.Tests.Realtime;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Reactions;

/// <summary>POST /api/conversations/:id/messages/:messageId/report (contract 8, 9).</summary>
[Collection(AppCollection.Name)]
public sealed class MessageReportTests(SanctumAppFixture app)
{
    private static string Path(long conversationId, long messageId) => $"/api/conversations/{conversationId}/messages/{messageId}/report";

    [Fact]
    public async Task A_participant_reports_a_message_and_admins_see_it()
    {
        var reporter = await app.SignupAsync("pr");
        var sender = await app.SignupAsync("ps");
        var admin = await app.CreateAdminAsync();
        var dm = await app.CreateDmAsync(reporter, sender);
        var message = await app.InsertMessageAsync(dm, sender.Id, "rude");
        await using var adminSocket = await app.ConnectReadyAsync(admin, replica: 1);

        var report = await (await reporter.Client.PostAsync(Path(dm, message), ChatroomSteps.JsonBody(new { reason = "  abuse ", details = " d " })))
            .ExpectJsonAsync(HttpStatusCode.Created);

        Assert.Equal("message", report.GetProperty("target_type").GetString());
        Assert.Equal(message, report.GetProperty("target_id").GetInt64());
        Assert.Equal(sender.Id, report.GetProperty("reported_user_id").GetInt64());
        Assert.Equal(reporter.Id, report.GetProperty("reporter_id").GetInt64());
        Assert.Equal("abuse", report.GetProperty("reason").GetString());
        Assert.Equal("d", report.GetProperty("details").GetString());
        Assert.Equal("open", report.GetProperty("status").GetString());
        var created = await adminSocket.ReceiveTypeAsync("moderation_report_created", f => f.Has("id", report.Id()));
        Assert.Equal("message", created.Payload().GetProperty("target_type").GetString());

        var listed = await (await admin.Client.GetAsync("/api/admin/reports?target_type=message&limit=100")).ExpectJsonAsync(HttpStatusCode.OK);
        var row = listed.EnumerateArray().Single(item => item.Id() == report.Id());
        Assert.Equal(sender.Id, row.GetProperty("reported_user").Id());
        Assert.Equal(reporter.Id, row.GetProperty("reporter").Id());
    }

    [Fact]
    public async Task Reports_need_a_reason_a_participant_and_a_message_of_the_conversation()
    {
        var reporter = await app.SignupAsync("pn");
        var sender = await app.SignupAsync("pt");
        var outsider = await app.SignupAsync("pu");
        var dm = await app.CreateDmAsync(reporter, sender);
        var message = await app.InsertMessageAsync(dm, sender.Id);
        var otherDm = await app.CreateDmAsync(sender, outsider);
        var elsewhere = await app.InsertMessageAsync(otherDm, outsider.Id);
        var deleted = await app.InsertMessageAsync(dm, sender.Id);
        await app.ExecuteSqlAsync("UPDATE messages SET deleted_at = NOW() WHERE id = @id", new NpgsqlParameter("id", deleted));
        var body = ChatroomSteps.JsonBody(new { reason = "spam" });

        await (await reporter.Client.PostAsync(Path(dm, message), ChatroomSteps.JsonBody(new { reason = "  " })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "reason is required");
        await (await outsider.Client.PostAsync(Path(dm, message), body))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "You are not a participant in this conversation");
        await (await reporter.Client.PostAsync(Path(999_999_999, message), body))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "Conversation with ID 999999999 not found");
        await (await reporter.Client.PostAsync(Path(dm, elsewhere), body))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Message with ID {elsewhere} not found");
        await (await reporter.Client.PostAsync(Path(dm, deleted), body))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Message with ID {deleted} not found");
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM moderation_reports WHERE reporter_id = ANY(@ids)",
            new NpgsqlParameter("ids", new[] { reporter.Id, outsider.Id })));
    }
}
