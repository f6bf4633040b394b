using Npgsql;
using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Chatrooms;

/// <summary>GET /api/chatrooms and /api/chatrooms/joined (contract 10).</summary>
[Collection(AppCollection.Name)]
public sealed class ChatroomListTests(SanctumAppFixture app)
{
    private static readonly string[] RoomFields =
    [
        "avatar", "capabilities", "created_at", "created_by", "id", "is_group", "is_joined", "messages", "name",
        "participants", "sanctum_id", "unread_count", "updated_at",
    ];

    [Fact]
    public async Task A_sanctum_room_is_listed_with_participants_latest_message_and_capabilities()
    {
        var member = await app.SignupAsync("lm");
        var viewer = await app.SignupAsync("lv");
        var room = await app.CreateRoomAsync();
        await member.JoinOkAsync(room.Id);
        await app.InsertMessageAsync(room.Id, member.Id, "first");
        var latest = await app.InsertMessageAsync(room.Id, member.Id, "second");

        var listed = await viewer.FindInListAsync(room.Id) ?? throw new Xunit.Sdk.XunitException("room not listed");

        Assert.Equal(RoomFields, listed.FieldNames());
        Assert.Equal(room.Name, listed.GetProperty("name").GetString());
        Assert.True(listed.GetProperty("is_group").GetBoolean());
        Assert.Equal(room.SanctumId, listed.GetProperty("sanctum_id").GetInt64());
        Assert.False(listed.GetProperty("is_joined").GetBoolean());
        Assert.Equal(0, listed.GetProperty("unread_count").GetInt32());
        var capabilities = listed.GetProperty("capabilities");
        Assert.False(capabilities.GetProperty("can_moderate").GetBoolean());
        Assert.False(capabilities.GetProperty("can_manage_moderators").GetBoolean());
        var participant = Assert.Single(listed.GetProperty("participants").EnumerateArray());
        Assert.Equal(member.Id, participant.Id());
        Assert.Equal("", participant.GetProperty("email").GetString());
        var message = Assert.Single(listed.GetProperty("messages").EnumerateArray());
        Assert.Equal(latest, message.Id());
        Assert.Equal("second", message.GetProperty("content").GetString());
        Assert.Equal(member.Id, message.GetProperty("sender").Id());
    }

    [Fact]
    public async Task The_caller_sees_their_own_email_among_the_participants()
    {
        var member = await app.SignupAsync("le");
        var room = await app.CreateRoomAsync();
        await member.JoinOkAsync(room.Id);

        var listed = await member.FindInListAsync(room.Id, "/api/chatrooms/joined") ?? throw new Xunit.Sdk.XunitException("room not listed");

        Assert.True(listed.GetProperty("is_joined").GetBoolean());
        Assert.Equal(member.Email, Assert.Single(listed.GetProperty("participants").EnumerateArray()).GetProperty("email").GetString());
        // The only message is the welcome bot's greeting, which the newcomer has seen by joining.
        Assert.Equal("welcomebot", Assert.Single(listed.GetProperty("messages").EnumerateArray()).GetProperty("sender").GetProperty("username").GetString());
        Assert.Equal(0, listed.GetProperty("unread_count").GetInt32());
    }

    [Fact]
    public async Task Joined_lists_only_the_callers_rooms_and_counts_unread_from_others_after_the_join()
    {
        var member = await app.SignupAsync("lj");
        var other = await app.SignupAsync("lo");
        var joined = await app.CreateRoomAsync();
        var notJoined = await app.CreateRoomAsync();
        await other.JoinOkAsync(joined.Id);
        await app.InsertMessageAsync(joined.Id, other.Id, "before the join");
        await member.JoinOkAsync(joined.Id);

        var atJoin = await member.FindInListAsync(joined.Id, "/api/chatrooms/joined");
        Assert.Equal(0, atJoin!.Value.GetProperty("unread_count").GetInt32());
        Assert.Null(await member.FindInListAsync(notJoined.Id, "/api/chatrooms/joined"));

        await app.InsertMessageAsync(joined.Id, other.Id, "one");
        await app.InsertMessageAsync(joined.Id, member.Id, "mine");
        var deleted = await app.InsertMessageAsync(joined.Id, other.Id, "gone");
        await app.ExecuteSqlAsync("UPDATE messages SET deleted_at = NOW() WHERE id = @id", new NpgsqlParameter("id", deleted));
        await app.InsertMessageAsync(joined.Id, other.Id, "two");

        Assert.Equal(2, (await member.FindInListAsync(joined.Id, "/api/chatrooms/joined"))!.Value.GetProperty("unread_count").GetInt32());
        Assert.Equal(2, (await member.FindInListAsync(joined.Id))!.Value.GetProperty("unread_count").GetInt32());
        Assert.Equal(0, (await other.FindInListAsync(notJoined.Id))!.Value.GetProperty("unread_count").GetInt32());
    }

    [Fact]
    public async Task Private_groups_and_dms_are_not_chatrooms()
    {
        var creator = await app.SignupAsync("lp");
        var friend = await app.SignupAsync("lf");
        var group = await app.CreatePrivateGroupAsync(creator);
        var dm = await app.CreateDmAsync(creator, friend);

        Assert.Null(await creator.FindInListAsync(group));
        Assert.Null(await creator.FindInListAsync(group, "/api/chatrooms/joined"));
        Assert.Null(await creator.FindInListAsync(dm));
        Assert.Null(await friend.FindInListAsync(dm, "/api/chatrooms/joined"));
    }

    [Fact]
    public async Task The_list_is_ordered_by_name_and_paged()
    {
        var viewer = await app.SignupAsync("lg");
        var prefix = "Order " + TestData.Slug("o");
        var second = await app.CreateRoomAsync(name: prefix + " b");
        var first = await app.CreateRoomAsync(name: prefix + " a");

        var all = await (await viewer.Client.GetAsync("/api/chatrooms")).ExpectJsonAsync(HttpStatusCode.OK);
        var ids = all.EnumerateArray().Select(room => room.Id()).ToList();
        Assert.True(ids.IndexOf(first.Id) >= 0 && ids.IndexOf(first.Id) < ids.IndexOf(second.Id));

        var page = await (await viewer.Client.GetAsync("/api/chatrooms?limit=1&offset=1")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(all[1].Id(), Assert.Single(page.EnumerateArray()).Id());
    }

    [Fact]
    public async Task The_lists_need_a_signed_in_caller()
    {
        using var anonymous = app.CreateClient();
        await (await anonymous.GetAsync("/api/chatrooms")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await (await anonymous.GetAsync("/api/chatrooms/joined")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }
}
