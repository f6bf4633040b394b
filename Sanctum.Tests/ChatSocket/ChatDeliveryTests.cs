using Npgsql;
using Sanctum.Tests.Chatrooms;
using Sanctum.Tests.Conversations;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.ChatSocket;

/// <summary>
/// Chat end to end across the routes and the socket, on both replicas: a REST message reaches every viewing socket
/// once, leaving and joining rooms announce themselves, the welcome bot greets a room's newcomer once, and a deleted
/// sanctum's room is closed.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ChatDeliveryTests(SanctumAppFixture app)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_DM_sent_over_REST_reaches_each_of_the_recipients_sockets_once_and_unread_goes_to_1_and_back_to_0()
    {
        var alice = await app.SignupAsync("dla");
        var bob = await app.SignupAsync("dlb");
        var dm = (await alice.OpenDmAsync(bob)).GetProperty("id").GetInt64();
        await using var bob0 = await app.ConnectChatAsync(bob, replica: 0);
        await using var bob1 = await app.ConnectChatAsync(bob, replica: 1);
        await bob0.JoinAsync(dm);
        await bob1.JoinAsync(dm);

        var message = await alice.SendAsync(dm, "hello @" + bob.Username);
        var id = message.GetProperty("id").GetInt64();

        foreach (var socket in new[] { bob0, bob1 })
        {
            var frame = await socket.ReceiveTypeAsync("message", frame => frame.IsMessage(id));
            Assert.Equal(dm, frame.GetProperty("conversation_id").GetInt64());
            Assert.Equal(alice.Id, frame.GetProperty("user_id").GetInt64());
            Assert.Equal(alice.Username, frame.GetProperty("username").GetString());
            Assert.Equal("hello @" + bob.Username, frame.GetProperty("payload").GetProperty("content").GetString());
        }
        foreach (var socket in new[] { bob0, bob1 })
        {
            await socket.ExpectNoneAsync(frame => frame.IsMessage(id), Settle, "a second copy of the message");
        }
        Assert.Equal(1, await bob.UnreadAsync(dm));

        (await bob.MarkReadAsync(dm)).EnsureSuccessStatusCode();
        Assert.Equal(0, await bob.UnreadAsync(dm));
    }

    [Fact]
    public async Task Leaving_a_group_tells_its_viewers_and_the_leaver_gets_nothing_more_from_it()
    {
        var alice = await app.SignupAsync("lga");
        var bob = await app.SignupAsync("lgb");
        var group = (await alice.CreateGroupAsync("leavers " + TestData.Slug("g"), bob)).GetProperty("id").GetInt64();
        await using var aliceSocket = await app.ConnectChatAsync(alice, replica: 0);
        await using var bobSocket = await app.ConnectChatAsync(bob, replica: 1);
        await aliceSocket.JoinAsync(group);
        await bobSocket.JoinAsync(group);

        (await alice.Client.DeleteAsync($"/api/conversations/{group}")).EnsureSuccessStatusCode();

        var presence = await bobSocket.ReceiveTypeAsync("chatroom_presence", frame => frame.IsFor(group));
        var payload = presence.GetProperty("payload");
        Assert.Equal("left_room", payload.GetProperty("action").GetString());
        Assert.Equal(alice.Id, payload.GetProperty("user_id").GetInt64());
        Assert.Equal(1, payload.GetProperty("member_count").GetInt32());
        Assert.Equal([bob.Id], payload.GetProperty("participants").EnumerateArray().Select(user => user.GetProperty("id").GetInt64()));

        var after = (await bob.SendAsync(group, "after alice left")).GetProperty("id").GetInt64();
        await bobSocket.ReceiveTypeAsync("message", frame => frame.IsMessage(after));
        await aliceSocket.ExpectNoneAsync(frame => frame.IsMessage(after), Settle, "a message of a group the user left");
    }

    [Fact]
    public async Task Joining_a_sanctum_room_announces_the_newcomer_and_the_welcome_bot_greets_them_once()
    {
        var roomId = (await app.CreateRoomAsync()).Id;
        var host = await app.SignupAsync("jrh");
        var newcomer = await app.SignupAsync("jrn");
        (await host.Client.PostAsync($"/api/chatrooms/{roomId}/join", null)).EnsureSuccessStatusCode();
        await using var hostSocket = await app.ConnectChatAsync(host, replica: 1);
        await hostSocket.JoinAsync(roomId);

        (await newcomer.Client.PostAsync($"/api/chatrooms/{roomId}/join", null)).EnsureSuccessStatusCode();

        var presence = (await hostSocket.ReceiveTypeAsync("chatroom_presence", frame => frame.IsFor(roomId))).GetProperty("payload");
        Assert.Equal("joined_room", presence.GetProperty("action").GetString());
        Assert.Equal(newcomer.Id, presence.GetProperty("user_id").GetInt64());
        var greeting = await hostSocket.ReceiveTypeAsync("room_message", frame => frame.IsFor(roomId));
        Assert.Equal("welcomebot", greeting.GetProperty("username").GetString());
        Assert.StartsWith($"Welcome, user #{newcomer.Id}.", greeting.GetProperty("payload").GetProperty("content").GetString());

        (await newcomer.Client.PostAsync($"/api/chatrooms/{roomId}/join", null)).EnsureSuccessStatusCode();
        await hostSocket.ExpectNoneAsync(frame => frame.Type() == "room_message" && frame.IsFor(roomId), Settle, "a second greeting");
        Assert.Equal(1L, await app.ScalarAsync<long>(
            "SELECT count(*) FROM messages WHERE conversation_id = @room AND content LIKE @text",
            new NpgsqlParameter("room", roomId), new NpgsqlParameter("text", $"Welcome, user #{newcomer.Id}.%")));
    }

    [Fact]
    public async Task A_group_detail_shows_the_callers_capabilities_and_a_DM_detail_does_not()
    {
        var alice = await app.SignupAsync("cga");
        var bob = await app.SignupAsync("cgb");
        var group = (await alice.CreateGroupAsync("caps " + TestData.Slug("g"), bob)).GetProperty("id").GetInt64();
        var dm = (await alice.OpenDmAsync(bob)).GetProperty("id").GetInt64();

        var mine = (await alice.DetailAsync(group)).GetProperty("capabilities");
        var theirs = (await bob.DetailAsync(group)).GetProperty("capabilities");

        Assert.True(mine.GetProperty("can_moderate").GetBoolean()); // the creator of a room without a sanctum
        Assert.False(mine.GetProperty("can_manage_moderators").GetBoolean());
        Assert.False(theirs.GetProperty("can_moderate").GetBoolean());
        Assert.False((await alice.DetailAsync(dm)).TryGetProperty("capabilities", out _));
    }

    [Fact]
    public async Task Deleting_a_sanctum_closes_its_room()
    {
        var room = await app.CreateRoomAsync();
        var (slug, roomId) = (room.Slug, room.Id);
        var member = await app.SignupAsync("dsm");
        (await member.Client.PostAsync($"/api/chatrooms/{roomId}/join", null)).EnsureSuccessStatusCode();
        await member.SendAsync(roomId, "before the sanctum went");
        var admin = await app.CreateAdminAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync($"/api/admin/sanctums/{slug}")).StatusCode);

        await (await member.PostMessageAsync(roomId, new { content = "into a closed room" }))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Conversation with ID {roomId} not found");
        await (await member.Client.PostAsync($"/api/chatrooms/{roomId}/join", null))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Chatroom with ID {roomId} not found");
        Assert.DoesNotContain((await member.ListAsync()).EnumerateArray(), conversation => conversation.GetProperty("id").GetInt64() == roomId);
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM messages WHERE content = 'into a closed room' AND sender_id = @member",
            new NpgsqlParameter("member", member.Id)));
    }
}
