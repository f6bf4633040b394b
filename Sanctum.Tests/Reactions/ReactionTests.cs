using Npgsql;
using Sanctum.Tests.Chatrooms;
using Sanctum.Tests.Posts;
using Sanctum.Tests.Realtime;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Reactions;

/// <summary>POST/DELETE /api/conversations/:id/messages/:messageId/reactions (contract 9) and message_reaction_updated.</summary>
[Collection(AppCollection.Name)]
public sealed class ReactionTests(SanctumAppFixture app)
{
    private static string Path(long conversationId, long messageId) => $"/api/conversations/{conversationId}/messages/{messageId}/reactions";

    private static Task<HttpResponseMessage> ReactAsync(TestUser user, long conversationId, long messageId, string emoji) =>
        user.Client.PostAsync(Path(conversationId, messageId), ChatroomSteps.JsonBody(new { emoji }));

    private static async Task<JsonElement> ReactOkAsync(TestUser user, long conversationId, long messageId, string emoji) =>
        await (await ReactAsync(user, conversationId, messageId, emoji)).ExpectJsonAsync(HttpStatusCode.OK);

    private static (string Emoji, int Count, bool Mine)[] Summary(JsonElement body) =>
        body.GetProperty("reactions").EnumerateArray()
            .Select(r => (r.GetProperty("emoji").GetString()!, r.GetProperty("count").GetInt32(), r.GetProperty("reacted_by_me").GetBoolean()))
            .ToArray();

    private async Task<(TestUser A, TestUser B, long Conversation, long Message)> ArrangeAsync()
    {
        var a = await app.SignupAsync("xa");
        var b = await app.SignupAsync("xb");
        var dm = await app.CreateDmAsync(a, b);
        var message = await app.InsertMessageAsync(dm, a.Id);
        return (a, b, dm, message);
    }

    [Fact]
    public async Task Reactions_are_summarised_per_caller_sorted_and_idempotent()
    {
        var (a, b, dm, message) = await ArrangeAsync();

        var first = await ReactOkAsync(a, dm, message, " 👍 ");
        Assert.Equal(["conversation_id", "message_id", "reactions"], first.FieldNames());
        Assert.Equal(dm, first.GetProperty("conversation_id").GetInt64());
        Assert.Equal(message, first.GetProperty("message_id").GetInt64());
        Assert.Equal([("👍", 1, true)], Summary(first));
        Assert.Equal([("👍", 1, true)], Summary(await ReactOkAsync(a, dm, message, "👍")));

        await ReactOkAsync(b, dm, message, "b");
        await ReactOkAsync(a, dm, message, "a");
        var both = await ReactOkAsync(b, dm, message, "👍");
        Assert.Equal([("👍", 2, true), ("a", 1, false), ("b", 1, true)], Summary(both));

        var removed = await (await b.Client.DeleteAsync(Path(dm, message) + "?emoji=%F0%9F%91%8D")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal([("a", 1, false), ("b", 1, true), ("👍", 1, false)], Summary(removed));
        var again = await (await b.Client.DeleteAsync(Path(dm, message) + "?emoji=%F0%9F%91%8D")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(Summary(removed), Summary(again));
        Assert.Equal(3L, await app.ScalarAsync<long>("SELECT count(*) FROM message_reactions WHERE message_id = @m", new NpgsqlParameter("m", message)));
    }

    [Fact]
    public async Task Each_online_participant_gets_the_summary_with_their_own_reacted_by_me()
    {
        var (a, b, dm, message) = await ArrangeAsync();
        var outsider = await app.SignupAsync("xo");
        await using var socketA = await app.ConnectReadyAsync(a, TestSockets.Chat, replica: 0);
        await using var socketB = await app.ConnectReadyAsync(b, TestSockets.Chat, replica: 1);
        await using var socketOut = await app.ConnectReadyAsync(outsider, TestSockets.Chat, replica: 1);

        await ReactOkAsync(a, dm, message, "🔥");

        var toA = await socketA.ReceiveTypeAsync("message_reaction_updated", f => f.Has("conversation_id", dm));
        var toB = await socketB.ReceiveTypeAsync("message_reaction_updated", f => f.Has("conversation_id", dm));
        Assert.Equal(["conversation_id", "message_id", "reactions"], toA.Payload().FieldNames());
        Assert.Equal(message, toB.Payload().GetProperty("message_id").GetInt64());
        Assert.Equal([("🔥", 1, true)], Summary(toA.Payload()));
        Assert.Equal([("🔥", 1, false)], Summary(toB.Payload()));
        await socketOut.ExpectNoEventAsync("message_reaction_updated", "conversation_id", dm);

        await (await b.Client.DeleteAsync(Path(dm, message) + "?emoji=x")).ExpectJsonAsync(HttpStatusCode.OK);
        var afterRemove = await socketB.ReceiveTypeAsync("message_reaction_updated", f => f.Has("conversation_id", dm));
        Assert.Equal([("🔥", 1, false)], Summary(afterRemove.Payload()));
    }

    [Fact]
    public async Task Bad_emoji_and_wrong_targets_are_refused()
    {
        var (a, b, dm, message) = await ArrangeAsync();
        var outsider = await app.SignupAsync("xn");
        var otherDm = await app.CreateDmAsync(a, outsider);
        var elsewhere = await app.InsertMessageAsync(otherDm, outsider.Id);
        var deleted = await app.InsertMessageAsync(dm, b.Id);
        await app.ExecuteSqlAsync("UPDATE messages SET deleted_at = NOW() WHERE id = @id", new NpgsqlParameter("id", deleted));

        await (await ReactAsync(a, dm, message, "   ")).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "emoji is required");
        await (await ReactAsync(a, dm, message, new string('x', 33))).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "emoji is required");
        await (await ReactAsync(a, dm, message, "a\u0001")).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "emoji contains invalid characters");
        await (await a.Client.PostAsync(Path(dm, message), HttpAssertions.Json("{}")))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "emoji is required");
        await (await a.Client.DeleteAsync(Path(dm, message)))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "emoji query parameter is required");
        await (await a.Client.DeleteAsync(Path(dm, message) + "?emoji=%20"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "emoji query parameter is required");

        await (await ReactAsync(outsider, dm, message, "x"))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "You are not a participant in this conversation");
        await (await outsider.Client.DeleteAsync(Path(dm, message) + "?emoji=x"))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "You are not a participant in this conversation");
        await (await ReactAsync(a, 999_999_999, message, "x"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "Conversation with ID 999999999 not found");
        foreach (var missing in new[] { elsewhere, deleted, 999_999_999 })
        {
            await (await ReactAsync(a, dm, missing, "x"))
                .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Message with ID {missing} not found");
            await (await a.Client.DeleteAsync(Path(dm, missing) + "?emoji=x"))
                .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Message with ID {missing} not found");
        }
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM message_reactions WHERE message_id = ANY(@ids)",
            new NpgsqlParameter("ids", new[] { message, elsewhere, deleted })));
    }

    [Fact]
    public async Task A_chatroom_member_reacts_until_a_moderator_removes_them()
    {
        var admin = await app.CreateAdminAsync();
        var member = await app.SignupAsync("xr");
        var room = await app.CreateRoomAsync();
        await member.JoinOkAsync(room.Id);
        var message = await app.InsertMessageAsync(room.Id, member.Id);

        Assert.Equal([("🎉", 1, true)], Summary(await ReactOkAsync(member, room.Id, message, "🎉")));
        await admin.Client.DeleteAsync($"/api/chatrooms/{room.Id}/participants/{member.Id}").ExpectMessageAsync("Participant removed successfully");

        await (await ReactAsync(member, room.Id, message, "🎉"))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "You are not a participant in this conversation");
    }
}
