using Npgsql;
using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Chatrooms;

/// <summary>POST /api/chatrooms/:id/join and DELETE /api/chatrooms/:id/participants/:participantId (contract 10).</summary>
[Collection(AppCollection.Name)]
public sealed class ChatroomJoinTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Join_is_idempotent_and_announces_only_the_real_join_to_the_viewers()
    {
        var present = await app.SignupAsync("jp");
        var joiner = await app.SignupAsync("jj");
        var room = await app.CreateRoomAsync();
        await present.JoinOkAsync(room.Id);
        await using var presentSocket = await app.ConnectAsync(present, TestSockets.Chat, replica: 1);
        await presentSocket.ReceiveTypeAsync("connected");
        await using var tap = await ConversationTap.OpenAsync(app, room.Id);

        await joiner.JoinOkAsync(room.Id);

        var frame = await tap.NextEventAsync("chatroom_presence", joiner.Id);
        Assert.Equal(room.Id, frame.GetProperty("conversation_id").GetInt64());
        Assert.Equal(joiner.Id, frame.GetProperty("user_id").GetInt64());
        Assert.Equal(joiner.Username, frame.GetProperty("username").GetString());
        var payload = frame.GetProperty("payload");
        Assert.Equal(["action", "conversation_id", "member_count", "online_user_ids", "participants", "user_id", "username"], payload.FieldNames());
        Assert.Equal("joined_room", payload.GetProperty("action").GetString());
        Assert.Equal(joiner.Id, payload.GetProperty("user_id").GetInt64());
        Assert.Equal(joiner.Username, payload.GetProperty("username").GetString());
        Assert.Equal(2, payload.GetProperty("member_count").GetInt32());
        var participants = payload.GetProperty("participants").EnumerateArray().ToList();
        Assert.Equal([present.Id, joiner.Id], participants.Select(user => user.Id()));
        Assert.All(participants, user => Assert.Equal("", user.GetProperty("email").GetString()));
        Assert.Equal([present.Id], payload.GetProperty("online_user_ids").EnumerateArray().Select(id => id.GetInt64()));

        await joiner.JoinOkAsync(room.Id);
        Assert.Equal(1, await app.ParticipantRowsAsync(room.Id, joiner.Id));
        await tap.ExpectNoEventAsync("chatroom_presence", joiner.Id);
    }

    [Fact]
    public async Task Join_refuses_missing_deleted_private_and_direct_conversations()
    {
        var user = await app.SignupAsync("jr");
        var creator = await app.SignupAsync("jc");
        var other = await app.SignupAsync("jo");
        var admin = await app.CreateAdminAsync();
        var group = await app.CreatePrivateGroupAsync(creator);
        var dm = await app.CreateDmAsync(creator, other);
        var deleted = await app.CreateRoomAsync();
        await app.ExecuteSqlAsync("UPDATE conversations SET deleted_at = NOW() WHERE id = @id", new NpgsqlParameter("id", deleted.Id));

        await (await user.JoinAsync(999_999_999)).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "Chatroom with ID 999999999 not found");
        await (await user.JoinAsync(deleted.Id)).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Chatroom with ID {deleted.Id} not found");
        await (await user.JoinAsync(group)).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Chatroom with ID {group} not found");
        await (await admin.JoinAsync(group)).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Chatroom with ID {group} not found");
        await (await user.JoinAsync(dm)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Cannot join a 1-on-1 conversation");
        await (await creator.JoinAsync(dm)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Cannot join a 1-on-1 conversation");
        Assert.Equal(0, await app.ParticipantRowsAsync(group, user.Id));
        Assert.Equal(0, await app.ParticipantRowsAsync(dm, user.Id));

        await creator.JoinOkAsync(group); // already in it: idempotent
    }

    [Fact]
    public async Task A_room_moderator_removes_a_participant_and_the_event_names_the_removed_user()
    {
        var owner = await app.SignupAsync("ro");
        var member = await app.SignupAsync("rm");
        var room = await app.CreateRoomAsync();
        await app.SetSanctumRoleAsync(room, owner, "owner");
        await member.JoinOkAsync(room.Id);
        await using var tap = await ConversationTap.OpenAsync(app, room.Id);

        await owner.Client.DeleteAsync($"/api/chatrooms/{room.Id}/participants/{member.Id}").ExpectMessageAsync("Participant removed successfully");

        var (_, text) = await tap.NextAsync("chat", text => text.Contains("\"removed_participant\"", StringComparison.Ordinal));
        var frame = JsonDocument.Parse(text).RootElement;
        Assert.Equal("chatroom_presence", frame.GetProperty("type").GetString());
        Assert.Equal(member.Id, frame.GetProperty("user_id").GetInt64());
        Assert.Equal(member.Username, frame.GetProperty("username").GetString());
        var payload = frame.GetProperty("payload");
        Assert.Equal("removed_participant", payload.GetProperty("action").GetString());
        Assert.Equal(member.Id, payload.GetProperty("user_id").GetInt64());
        Assert.Equal(member.Username, payload.GetProperty("username").GetString());
        Assert.Equal(0, payload.GetProperty("member_count").GetInt32());
        var (audience, _) = await tap.NextAsync("unview", _ => true);
        Assert.Equal($"u:{member.Id}", audience);
        Assert.Equal(0, await app.ParticipantRowsAsync(room.Id, member.Id));

        // Removing someone who is not (any longer) in the room changes nothing and raises nothing.
        await owner.Client.DeleteAsync($"/api/chatrooms/{room.Id}/participants/{member.Id}").ExpectMessageAsync("Participant removed successfully");
        await tap.ExpectNoEventAsync("chatroom_presence", member.Id);
    }

    [Theory]
    [InlineData("admin", true)]
    [InlineData("sanctum_owner", true)]
    [InlineData("sanctum_mod", true)]
    [InlineData("chatroom_moderator", true)]
    [InlineData("sanctum_member", false)]
    [InlineData("room_member", false)]
    [InlineData("outsider", false)]
    public async Task Who_may_remove_a_participant(string who, bool allowed)
    {
        var room = await app.CreateRoomAsync();
        var actor = await app.ActorAsync(room, who);
        var target = await app.SignupAsync("wt");
        await target.JoinOkAsync(room.Id);

        var response = await actor.Client.DeleteAsync($"/api/chatrooms/{room.Id}/participants/{target.Id}");

        if (allowed)
        {
            await response.ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal(0, await app.ParticipantRowsAsync(room.Id, target.Id));
        }
        else
        {
            await response.ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "You do not have permission to moderate this chatroom");
            Assert.Equal(1, await app.ParticipantRowsAsync(room.Id, target.Id));
        }
    }

    [Fact]
    public async Task Removal_in_a_missing_room_is_404_and_a_private_group_creator_may_remove()
    {
        var creator = await app.SignupAsync("pc");
        var member = await app.SignupAsync("pm");
        var group = await app.CreatePrivateGroupAsync(creator);
        await app.AddParticipantAsync(group, member.Id);

        await (await creator.Client.DeleteAsync($"/api/chatrooms/999999999/participants/{member.Id}"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "Chatroom with ID 999999999 not found");
        await (await member.Client.DeleteAsync($"/api/chatrooms/{group}/participants/{creator.Id}"))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "You do not have permission to moderate this chatroom");
        await creator.Client.DeleteAsync($"/api/chatrooms/{group}/participants/{member.Id}").ExpectMessageAsync("Participant removed successfully");
        Assert.Equal(0, await app.ParticipantRowsAsync(group, member.Id));
    }
}
