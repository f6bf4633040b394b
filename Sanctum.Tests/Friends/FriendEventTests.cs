using Sanctum.Tests.Posts;
using Sanctum.Tests.Realtime;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Friends;

/// <summary>The friend events of contract 12.2, with their exact payloads, on notifications sockets of both replicas.</summary>
[Collection(AppCollection.Name)]
public sealed class FriendEventTests(SanctumAppFixture app)
{
    private static JsonElement PayloadOf(JsonElement frame, params string[] fields)
    {
        Assert.Equal(["payload", "type"], frame.FieldNames());
        var payload = frame.Payload();
        Assert.Equal(fields.Order(StringComparer.Ordinal), payload.FieldNames());
        return payload;
    }

    private static void AssertSummary(JsonElement summary, TestUser user)
    {
        Assert.Equal(["avatar", "id", "username"], summary.FieldNames());
        Assert.Equal(user.Id, summary.GetProperty("id").GetInt64());
        Assert.Equal(user.Username, summary.GetProperty("username").GetString());
        Assert.Equal("", summary.GetProperty("avatar").GetString());
    }

    [Fact]
    public async Task Request_accept_and_remove_reach_each_side_with_the_other_user()
    {
        var a = await app.SignupAsync("ea");
        var b = await app.SignupAsync("eb");
        await using var socketA = await app.ConnectReadyAsync(a, replica: 0);
        await using var socketB = await app.ConnectReadyAsync(b, replica: 1);

        var request = await a.SendRequestAsync(b);
        var received = PayloadOf(await socketB.ReceiveTypeAsync("friend_request_received", f => f.Has("request_id", request.Id())),
            "created_at", "from_user", "request_id");
        AssertSummary(received.GetProperty("from_user"), a);
        received.GetProperty("created_at").UtcTimestamp();
        var sent = PayloadOf(await socketA.ReceiveTypeAsync("friend_request_sent", f => f.Has("request_id", request.Id())),
            "created_at", "request_id", "to_user");
        AssertSummary(sent.GetProperty("to_user"), b);

        await b.AcceptAsync(request.Id());
        var accepted = PayloadOf(await socketA.ReceiveTypeAsync("friend_request_accepted", f => f.Has("request_id", request.Id())),
            "created_at", "friend_user", "request_id");
        AssertSummary(accepted.GetProperty("friend_user"), b);
        var added = PayloadOf(await socketB.ReceiveTypeAsync("friend_added", f => f.Has("request_id", request.Id())),
            "created_at", "friend_user", "request_id");
        AssertSummary(added.GetProperty("friend_user"), a);

        Assert.Equal(HttpStatusCode.OK, (await a.Client.DeleteAsync($"/api/friends/{b.Id}")).StatusCode);
        PayloadOf(await socketA.ReceiveTypeAsync("friend_removed", f => f.Has("user_id", b.Id)), "removed_at", "user_id")
            .GetProperty("removed_at").UtcTimestamp();
        PayloadOf(await socketB.ReceiveTypeAsync("friend_removed", f => f.Has("user_id", a.Id)), "removed_at", "user_id");
        await socketA.ExpectNoEventAsync("friend_removed", "user_id", a.Id);
    }

    [Theory]
    [InlineData(false, "friend_request_rejected")]
    [InlineData(true, "friend_request_cancelled")]
    public async Task Reject_and_cancel_reach_both_users(bool cancel, string type)
    {
        var a = await app.SignupAsync("ea");
        var b = await app.SignupAsync("eb");
        var stranger = await app.SignupAsync("es");
        await using var socketA = await app.ConnectReadyAsync(a, replica: 1);
        await using var socketB = await app.ConnectReadyAsync(b, replica: 0);
        await using var socketStranger = await app.ConnectReadyAsync(stranger, replica: 0);
        var request = await a.SendRequestAsync(b);
        var actor = cancel ? a : b;

        Assert.Equal(HttpStatusCode.NoContent, (await actor.Client.PostAsync($"/api/friends/requests/{request.Id()}/reject", null)).StatusCode);

        foreach (var socket in new[] { socketA, socketB })
        {
            var payload = PayloadOf(await socket.ReceiveTypeAsync(type, f => f.Has("request_id", request.Id())), "by_user_id", "rejected_at", "request_id");
            Assert.Equal(actor.Id, payload.GetProperty("by_user_id").GetInt64());
            payload.GetProperty("rejected_at").UtcTimestamp();
        }
        await socketStranger.ExpectNoEventAsync(type, "request_id", request.Id());
    }

    [Fact]
    public async Task A_friend_online_is_in_the_snapshot_and_sees_the_other_come_online()
    {
        var a = await app.SignupAsync("ea");
        var b = await app.SignupAsync("eb");
        var notFriend = await app.SignupAsync("en");
        await a.BefriendAsync(b);
        await using var socketA = await app.ConnectReadyAsync(a, replica: 0);
        await using var socketOther = await app.ConnectReadyAsync(notFriend, replica: 0);

        await using var socketB = await app.ConnectAsync(b, replica: 1);
        var snapshot = PayloadOf(await socketB.ReceiveTypeAsync("friends_online_snapshot"), "user_ids");
        Assert.Equal([a.Id], snapshot.GetProperty("user_ids").EnumerateArray().Select(id => id.GetInt64()));

        var presence = PayloadOf(await socketA.ReceiveTypeAsync("friend_presence_changed", f => f.Has("user_id", b.Id)),
            "avatar", "status", "updated_at", "user_id", "username");
        Assert.Equal("online", presence.GetProperty("status").GetString());
        Assert.Equal(b.Username, presence.GetProperty("username").GetString());
        await socketOther.ExpectNoEventAsync("friend_presence_changed", "user_id", b.Id);
    }
}
