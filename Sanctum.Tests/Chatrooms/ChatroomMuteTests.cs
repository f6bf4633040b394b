using Npgsql;
using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Chatrooms;

/// <summary>GET/POST/DELETE /api/chatrooms/:id/mutes[/:userId] (contract 10) and the admin console's active_mutes.</summary>
[Collection(AppCollection.Name)]
public sealed class ChatroomMuteTests(SanctumAppFixture app)
{
    private static readonly string[] MuteFields =
        ["conversation_id", "created_at", "id", "muted_by_user", "muted_by_user_id", "muted_until", "reason", "updated_at", "user", "user_id"];

    private static Task<HttpResponseMessage> MuteAsync(TestUser actor, long roomId, long userId, string body) =>
        actor.Client.PostAsync($"/api/chatrooms/{roomId}/mutes/{userId}", HttpAssertions.Json(body));

    [Fact]
    public async Task A_moderator_mutes_lists_updates_and_unmutes()
    {
        var mod = await app.SignupAsync("mm");
        var first = await app.SignupAsync("mf");
        var second = await app.SignupAsync("ms");
        var room = await app.CreateRoomAsync();
        await app.SetSanctumRoleAsync(room, mod, "mod");

        await MuteAsync(mod, room.Id, first.Id, """{"reason":"  spam  ","muted_until":"2099-01-02T03:04:05Z"}""").ExpectMessageAsync("User muted");
        await MuteAsync(mod, room.Id, second.Id, "{}").ExpectMessageAsync("User muted");

        var mutes = await (await mod.Client.GetAsync($"/api/chatrooms/{room.Id}/mutes")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal([second.Id, first.Id], mutes.EnumerateArray().Select(mute => mute.GetProperty("user_id").GetInt64()));
        var firstMute = mutes[1];
        Assert.Equal(MuteFields, firstMute.FieldNames());
        Assert.Equal("spam", firstMute.GetProperty("reason").GetString());
        Assert.Equal(new DateTimeOffset(2099, 1, 2, 3, 4, 5, TimeSpan.Zero), firstMute.GetProperty("muted_until").UtcTimestamp());
        Assert.Equal(room.Id, firstMute.GetProperty("conversation_id").GetInt64());
        Assert.Equal(mod.Id, firstMute.GetProperty("muted_by_user_id").GetInt64());
        Assert.Equal(mod.Id, firstMute.GetProperty("muted_by_user").Id());
        Assert.Equal(first.Id, firstMute.GetProperty("user").Id());
        Assert.False(mutes[0].TryGetProperty("muted_until", out _));

        // Upsert: one row per user, the latest values.
        await MuteAsync(mod, room.Id, first.Id, """{"reason":"again"}""").ExpectMessageAsync("User muted");
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM chatroom_mutes WHERE conversation_id = @c AND user_id = @u",
            new NpgsqlParameter("c", room.Id), new NpgsqlParameter("u", first.Id)));
        Assert.True(await app.ScalarAsync<bool>("SELECT muted_until IS NULL AND reason = 'again' FROM chatroom_mutes WHERE conversation_id = @c AND user_id = @u",
            new NpgsqlParameter("c", room.Id), new NpgsqlParameter("u", first.Id)));

        await mod.Client.DeleteAsync($"/api/chatrooms/{room.Id}/mutes/{first.Id}").ExpectMessageAsync("User unmuted");
        await mod.Client.DeleteAsync($"/api/chatrooms/{room.Id}/mutes/{first.Id}").ExpectMessageAsync("User unmuted");
        var after = await (await mod.Client.GetAsync($"/api/chatrooms/{room.Id}/mutes")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal([second.Id], after.EnumerateArray().Select(mute => mute.GetProperty("user_id").GetInt64()));
    }

    [Fact]
    public async Task Mute_bodies_and_targets_are_checked()
    {
        var admin = await app.CreateAdminAsync();
        var target = await app.SignupAsync("mt");
        var room = await app.CreateRoomAsync();

        await (await admin.Client.PostAsync($"/api/chatrooms/{room.Id}/mutes/{target.Id}", HttpAssertions.Json("")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Invalid request body");
        await (await MuteAsync(admin, room.Id, target.Id, """{"muted_until":"tomorrow"}"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "muted_until must be RFC3339");
        await (await MuteAsync(admin, room.Id, target.Id, """{"muted_until":"2099-01-02 03:04:05"}"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "muted_until must be RFC3339");
        await (await MuteAsync(admin, room.Id, target.Id, JsonSerializer.Serialize(new { reason = new string('r', 256) })))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "reason too long (max 255 characters)");
        await (await MuteAsync(admin, room.Id, target.Id, """{"reason":"a\u0000b"}"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "reason contains invalid characters");
        await (await MuteAsync(admin, room.Id, 999_999_999, "{}"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "User with ID 999999999 not found");
        await (await MuteAsync(admin, 999_999_999, target.Id, "{}"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "Chatroom with ID 999999999 not found");
        await MuteAsync(admin, room.Id, target.Id, """{"muted_until":"2099-01-02T03:04:05.123+02:00"}""").ExpectMessageAsync("User muted");
        Assert.Equal(0L, await app.ScalarAsync<long>(
            "SELECT count(*) FROM chatroom_mutes WHERE conversation_id = @c AND user_id = @u AND muted_until <> '2099-01-02T01:04:05.123Z'",
            new NpgsqlParameter("c", room.Id), new NpgsqlParameter("u", target.Id)));
    }

    [Theory]
    [InlineData("sanctum_owner", true)]
    [InlineData("chatroom_moderator", true)]
    [InlineData("room_member", false)]
    [InlineData("outsider", false)]
    public async Task Who_may_manage_mutes(string who, bool allowed)
    {
        var room = await app.CreateRoomAsync();
        var actor = await app.ActorAsync(room, who);
        var target = await app.SignupAsync("wu");
        var responses = new[]
        {
            await actor.Client.GetAsync($"/api/chatrooms/{room.Id}/mutes"),
            await MuteAsync(actor, room.Id, target.Id, "{}"),
            await actor.Client.DeleteAsync($"/api/chatrooms/{room.Id}/mutes/{target.Id}"),
        };
        foreach (var response in responses)
        {
            if (allowed)
            {
                await response.ExpectJsonAsync(HttpStatusCode.OK);
            }
            else
            {
                await response.ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Chatroom moderation access required");
            }
        }
    }

    [Fact]
    public async Task The_admin_console_lists_every_mute_of_the_user_with_its_room()
    {
        var admin = await app.CreateAdminAsync();
        var subject = await app.SignupAsync("ma");
        var older = await app.CreateRoomAsync();
        var newer = await app.CreateRoomAsync();
        await MuteAsync(admin, older.Id, subject.Id, """{"muted_until":"2000-01-01T00:00:00Z"}""").ExpectMessageAsync("User muted");
        await app.ExecuteSqlAsync("UPDATE chatroom_mutes SET created_at = NOW() - interval '1 minute' WHERE user_id = @u",
            new NpgsqlParameter("u", subject.Id));
        await MuteAsync(admin, newer.Id, subject.Id, "{}").ExpectMessageAsync("User muted");

        var detail = await (await admin.Client.GetAsync($"/api/admin/users/{subject.Id}")).ExpectJsonAsync(HttpStatusCode.OK);

        var mutes = detail.GetProperty("active_mutes").EnumerateArray().ToList();
        Assert.Equal([newer.Id, older.Id], mutes.Select(mute => mute.GetProperty("conversation_id").GetInt64()));
        Assert.Equal(older.Name, mutes[1].GetProperty("conversation").GetProperty("name").GetString());
        Assert.Equal(subject.Email, mutes[0].GetProperty("user").GetProperty("email").GetString());
        Assert.Equal(admin.Id, mutes[0].GetProperty("muted_by_user").Id());
    }
}
