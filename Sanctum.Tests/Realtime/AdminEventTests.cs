using Sanctum.Tests.Posts;
using Sanctum.Tests.Sanctums;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Realtime;

/// <summary>
/// The moderation events of contract 12.2: <c>sanctum_request_created</c> and <c>moderation_report_created</c> go to
/// admins only, <c>sanctum_request_reviewed</c> to every connected user. Each test has its own admin (admin_write is
/// 10 per 5 minutes per admin), who is made admin before connecting.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AdminEventTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Sanctum_request_created_reaches_admins_only()
    {
        var admin = await app.CreateAdminAsync();
        var requester = await app.SignupAsync();
        var bystander = await app.SignupAsync();
        await using var admin0 = await app.ConnectReadyAsync(admin, replica: 0);
        await using var admin1 = await app.ConnectReadyAsync(admin, replica: 1);
        await using var requesterSocket = await app.ConnectReadyAsync(requester, replica: 1);
        await using var bystanderSocket = await app.ConnectReadyAsync(bystander, replica: 0);

        var request = await requester.RequestSanctumAsync();
        var id = request.Id();

        foreach (var socket in new[] { admin0, admin1 })
        {
            var frame = await socket.ReceiveTypeAsync("sanctum_request_created", f => f.Has("id", id));
            Assert.Equal(["payload", "type"], frame.FieldNames());
            var payload = frame.Payload();
            Assert.Equal(["created_at", "id", "requested_by_user", "requested_name", "requested_slug", "status"], payload.FieldNames());
            Assert.Equal(request.GetProperty("requested_name").GetString(), payload.GetProperty("requested_name").GetString());
            Assert.Equal(request.GetProperty("requested_slug").GetString(), payload.GetProperty("requested_slug").GetString());
            Assert.Equal(requester.Id, payload.GetProperty("requested_by_user").GetInt64());
            Assert.Equal("pending", payload.GetProperty("status").GetString());
            Assert.Equal(request.GetProperty("created_at").GetDateTimeOffset(), payload.GetProperty("created_at").UtcTimestamp());
        }
        await Task.WhenAll(
            requesterSocket.ExpectNoEventAsync("sanctum_request_created", "id", id),
            bystanderSocket.ExpectNoEventAsync("sanctum_request_created", "id", id));
    }

    [Theory]
    [InlineData("approve", "approved")]
    [InlineData("reject", "rejected")]
    public async Task Sanctum_request_reviewed_reaches_every_connected_user(string action, string status)
    {
        var admin = await app.CreateAdminAsync();
        var requester = await app.SignupAsync();
        var bystander = await app.SignupAsync();
        var id = (await requester.RequestSanctumAsync()).Id();
        await using var requesterSocket = await app.ConnectReadyAsync(requester, replica: 0);
        await using var bystanderSocket = await app.ConnectReadyAsync(bystander, replica: 1);
        await using var adminSocket = await app.ConnectReadyAsync(admin, replica: 0);

        var reviewed = await (await app.ClientFor(admin, 1).PostAsync($"/api/admin/sanctum-requests/{id}/{action}", null))
            .ExpectJsonAsync(HttpStatusCode.OK);
        var request = action == "approve" ? reviewed.GetProperty("request") : reviewed;

        foreach (var socket in new[] { requesterSocket, bystanderSocket, adminSocket })
        {
            var frame = await socket.ReceiveTypeAsync("sanctum_request_reviewed", f => f.Has("id", id));
            Assert.Equal(["payload", "type"], frame.FieldNames());
            var payload = frame.Payload();
            Assert.Equal(["id", "status", "updated_at"], payload.FieldNames());
            Assert.Equal(status, payload.GetProperty("status").GetString());
            Assert.Equal(request.GetProperty("updated_at").GetDateTimeOffset(), payload.GetProperty("updated_at").UtcTimestamp());
        }
    }

    [Fact]
    public async Task Moderation_report_created_reaches_admins_only()
    {
        var admin = await app.CreateAdminAsync();
        var author = await app.SignupAsync();
        var reporter = await app.SignupAsync();
        var post = await app.CreatePostOnAsync(author, replica: 0);
        await using var admin0 = await app.ConnectReadyAsync(admin, replica: 0);
        await using var admin1 = await app.ConnectReadyAsync(admin, replica: 1);
        await using var authorSocket = await app.ConnectReadyAsync(author, replica: 0);
        await using var reporterSocket = await app.ConnectReadyAsync(reporter, replica: 1);

        var report = await (await app.ClientFor(reporter, 1).PostAsJsonAsync($"/api/posts/{post.Id()}/report", new { reason = "spam" }))
            .ExpectJsonAsync(HttpStatusCode.Created);

        foreach (var socket in new[] { admin0, admin1 })
        {
            var frame = await socket.ReceiveTypeAsync("moderation_report_created", f => f.Has("id", report.Id()));
            Assert.Equal(["payload", "type"], frame.FieldNames());
            var payload = frame.Payload();
            Assert.Equal(["created_at", "id", "reported_user_id", "status", "target_id", "target_type"], payload.FieldNames());
            Assert.Equal("post", payload.GetProperty("target_type").GetString());
            Assert.Equal(post.Id(), payload.GetProperty("target_id").GetInt64());
            Assert.Equal(author.Id, payload.GetProperty("reported_user_id").GetInt64());
            Assert.Equal("open", payload.GetProperty("status").GetString());
            Assert.Equal(report.GetProperty("created_at").GetDateTimeOffset(), payload.GetProperty("created_at").UtcTimestamp());
        }
        await Task.WhenAll(
            authorSocket.ExpectNoEventAsync("moderation_report_created", "id", report.Id()),
            reporterSocket.ExpectNoEventAsync("moderation_report_created", "id", report.Id()));
    }
}
