using Npgsql;
using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Chatrooms;

/// <summary>GET/POST/DELETE /api/chatrooms/:id/moderators[/:userId] and the capabilities they give (contract 10).</summary>
[Collection(AppCollection.Name)]
public sealed class ChatroomModeratorTests(SanctumAppFixture app)
{
    [Fact]
    public async Task A_sanctum_owner_grants_lists_and_revokes_moderators()
    {
        var owner = await app.SignupAsync("go");
        var first = await app.SignupAsync("g1");
        var second = await app.SignupAsync("g2");
        var room = await app.CreateRoomAsync();
        await app.SetSanctumRoleAsync(room, owner, "owner");

        var granted = await (await owner.Client.PostAsync($"/api/chatrooms/{room.Id}/moderators/{first.Id}", null)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(["conversation_id", "created_at", "granted_by_user_id", "user_id"], granted.FieldNames());
        Assert.Equal(room.Id, granted.GetProperty("conversation_id").GetInt64());
        Assert.Equal(first.Id, granted.GetProperty("user_id").GetInt64());
        Assert.Equal(owner.Id, granted.GetProperty("granted_by_user_id").GetInt64());
        await (await owner.Client.PostAsync($"/api/chatrooms/{room.Id}/moderators/{second.Id}", null)).ExpectJsonAsync(HttpStatusCode.OK);

        // Idempotent: a second grant by someone else keeps the first granter.
        var admin = await app.CreateAdminAsync();
        var again = await (await admin.Client.PostAsync($"/api/chatrooms/{room.Id}/moderators/{first.Id}", null)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(owner.Id, again.GetProperty("granted_by_user_id").GetInt64());
        Assert.Equal(granted.GetProperty("created_at").GetString(), again.GetProperty("created_at").GetString());

        var list = await (await owner.Client.GetAsync($"/api/chatrooms/{room.Id}/moderators")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal([first.Id, second.Id], list.EnumerateArray().Select(row => row.GetProperty("user_id").GetInt64()));

        // The grant gives moderation, not moderator management.
        var capabilities = (await first.FindInListAsync(room.Id))!.Value.GetProperty("capabilities");
        Assert.True(capabilities.GetProperty("can_moderate").GetBoolean());
        Assert.False(capabilities.GetProperty("can_manage_moderators").GetBoolean());
        await (await first.Client.GetAsync($"/api/chatrooms/{room.Id}/moderators"))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Chatroom moderator management access required");

        await owner.Client.DeleteAsync($"/api/chatrooms/{room.Id}/moderators/{first.Id}").ExpectMessageAsync("Chatroom moderator removed successfully");
        await owner.Client.DeleteAsync($"/api/chatrooms/{room.Id}/moderators/{first.Id}").ExpectMessageAsync("Chatroom moderator removed successfully");
        var after = await (await owner.Client.GetAsync($"/api/chatrooms/{room.Id}/moderators")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal([second.Id], after.EnumerateArray().Select(row => row.GetProperty("user_id").GetInt64()));
        Assert.False((await first.FindInListAsync(room.Id))!.Value.GetProperty("capabilities").GetProperty("can_moderate").GetBoolean());
    }

    [Fact]
    public async Task Granting_an_unknown_user_or_in_an_unknown_room_is_404()
    {
        var admin = await app.CreateAdminAsync();
        var room = await app.CreateRoomAsync();
        await (await admin.Client.PostAsync($"/api/chatrooms/{room.Id}/moderators/999999999", null))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "User with ID 999999999 not found");
        await (await admin.Client.GetAsync("/api/chatrooms/999999999/moderators"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "Chatroom with ID 999999999 not found");
    }

    [Theory]
    [InlineData("admin", true, true)]
    [InlineData("sanctum_owner", true, true)]
    [InlineData("sanctum_mod", true, true)]
    [InlineData("chatroom_moderator", true, false)]
    [InlineData("sanctum_member", false, false)]
    [InlineData("outsider", false, false)]
    public async Task Capabilities_and_moderator_management_follow_the_role(string who, bool moderate, bool manage)
    {
        var room = await app.CreateRoomAsync();
        var actor = await app.ActorAsync(room, who);
        var target = await app.SignupAsync("ct");

        var capabilities = (await actor.FindInListAsync(room.Id))!.Value.GetProperty("capabilities");
        Assert.Equal(moderate, capabilities.GetProperty("can_moderate").GetBoolean());
        Assert.Equal(manage, capabilities.GetProperty("can_manage_moderators").GetBoolean());

        var responses = new[]
        {
            await actor.Client.GetAsync($"/api/chatrooms/{room.Id}/moderators"),
            await actor.Client.PostAsync($"/api/chatrooms/{room.Id}/moderators/{target.Id}", null),
            await actor.Client.DeleteAsync($"/api/chatrooms/{room.Id}/moderators/{target.Id}"),
        };
        foreach (var response in responses)
        {
            if (manage)
            {
                await response.ExpectJsonAsync(HttpStatusCode.OK);
            }
            else
            {
                await response.ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Chatroom moderator management access required");
            }
        }
    }

    [Fact]
    public async Task The_creator_of_a_room_without_a_sanctum_moderates_but_does_not_manage_moderators()
    {
        var creator = await app.SignupAsync("nc");
        var member = await app.SignupAsync("nm");
        var group = await app.CreatePrivateGroupAsync(creator);
        await app.AddParticipantAsync(group, member.Id);
        // A sanctum room's creator gets nothing from having created it.
        var room = await app.CreateRoomAsync(createdBy: creator.Id);

        (await creator.Client.GetAsync($"/api/chatrooms/{group}/mutes")).EnsureSuccessStatusCode();
        await (await creator.Client.GetAsync($"/api/chatrooms/{group}/moderators"))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Chatroom moderator management access required");
        await (await member.Client.GetAsync($"/api/chatrooms/{group}/mutes"))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Chatroom moderation access required");
        await (await creator.Client.GetAsync($"/api/chatrooms/{room.Id}/mutes"))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Chatroom moderation access required");
        // Outsiders do not learn that a private group exists.
        var outsider = await app.SignupAsync("no");
        await (await outsider.Client.GetAsync($"/api/chatrooms/{group}/mutes"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Chatroom with ID {group} not found");
    }
}
