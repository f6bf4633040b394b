using Npgsql;
using Sanctum.Tests.Posts;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Conversations;

/// <summary>Sending, listing, deleting and reading messages (contract 9): shapes, validation, access, blocks, mutes.</summary>
[Collection(AppCollection.Name)]
public sealed class MessageTests(SanctumAppFixture app)
{
    [Fact]
    public async Task A_sent_message_has_its_sender_and_default_type_and_metadata()
    {
        var a = await app.SignupAsync("sa");
        var b = await app.SignupAsync("sb");
        var dm = await a.OpenDmAsync(b);

        var message = await a.SendAsync(dm.Id(), "  hello\nthere  ");
        Assert.Equal(ConversationSteps.MessageFields, message.FieldNames());
        Assert.Equal("  hello\nthere  ", message.GetProperty("content").GetString());
        Assert.Equal("text", message.GetProperty("message_type").GetString());
        Assert.Equal(JsonValueKind.Object, message.GetProperty("metadata").ValueKind);
        Assert.Empty(message.GetProperty("metadata").EnumerateObject());
        Assert.Equal(a.Id, message.GetProperty("sender_id").GetInt64());
        Assert.Equal(a.Email, message.GetProperty("sender").GetProperty("email").GetString());

        var custom = await (await a.PostMessageAsync(dm.Id(), new { content = "pic", message_type = "image", metadata = new { url = "/media/x.png" } }))
            .ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal("image", custom.GetProperty("message_type").GetString());
        Assert.Equal("/media/x.png", custom.GetProperty("metadata").GetProperty("url").GetString());

        var listed = await b.MessagesAsync(dm.Id());
        Assert.Equal([message.Id(), custom.Id()], listed.Ids());
        var first = listed[0];
        Assert.Equal("", first.GetProperty("sender").GetProperty("email").GetString());
        Assert.Equal(JsonValueKind.Array, first.GetProperty("reactions").ValueKind);
    }

    [Theory]
    [InlineData("""{"content":""}""", "Message content is required")]
    [InlineData("""{"content":"   \n "}""", "Message content is required")]
    [InlineData("""{}""", "Message content is required")]
    [InlineData("""{"content":"a\u0000b"}""", null)]
    [InlineData("""{"content":"ok","metadata":[1,2]}""", "metadata must be a JSON object")]
    [InlineData("""{"content":"ok","metadata":"x"}""", "metadata must be a JSON object")]
    public async Task Bad_messages_are_400_and_nothing_is_stored(string body, string? error)
    {
        var a = await app.SignupAsync("va");
        var b = await app.SignupAsync("vb");
        var dm = await a.OpenDmAsync(b);

        var response = await a.Client.PostAsync($"/api/conversations/{dm.Id()}/messages", HttpAssertions.Json(body));
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", error);
        Assert.Equal(0L, await app.MessageCountAsync(dm.Id()));
    }

    [Fact]
    public async Task Over_long_content_type_and_metadata_are_400()
    {
        var a = await app.SignupAsync("wa");
        var b = await app.SignupAsync("wb");
        var dm = await a.OpenDmAsync(b);

        await (await a.PostMessageAsync(dm.Id(), new { content = new string('x', 10_001) }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Message content too long (max 10000 characters)");
        await (await a.PostMessageAsync(dm.Id(), new { content = "x", message_type = new string('t', 51) }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await (await a.PostMessageAsync(dm.Id(), new { content = "x", metadata = new { blob = new string('m', 5000) } }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "metadata too large (max 4096 bytes)");
        Assert.Equal(0L, await app.MessageCountAsync(dm.Id()));
        await a.SendAsync(dm.Id(), new string('x', 10_000));
    }

    [Fact]
    public async Task An_outsider_cannot_read_send_or_mark_read_and_nothing_is_stored()
    {
        var a = await app.SignupAsync("pa");
        var b = await app.SignupAsync("pb");
        var outsider = await app.SignupAsync("po");
        var dm = await a.OpenDmAsync(b);
        await a.SendAsync(dm.Id(), "private");
        const string notParticipant = "You are not a participant in this conversation";

        await (await outsider.PostMessageAsync(dm.Id(), new { content = "intrusion" }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", notParticipant);
        await (await outsider.Client.GetAsync($"/api/conversations/{dm.Id()}/messages"))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", notParticipant);
        await (await outsider.MarkReadAsync(dm.Id())).ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", notParticipant);
        Assert.Equal(1L, await app.MessageCountAsync(dm.Id()));

        await (await a.PostMessageAsync(9_000_000_000, new { content = "x" }))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", "Conversation with ID 9000000000 not found");
        await (await a.Client.GetAsync("/api/conversations/9000000000/messages")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await a.MarkReadAsync(9_000_000_000)).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_block_either_way_refuses_opening_and_writing_a_dm(bool blockerIsSender)
    {
        var a = await app.SignupAsync("ba");
        var b = await app.SignupAsync("bb");
        var dm = await a.OpenDmAsync(b);
        if (blockerIsSender)
        {
            await app.BlockAsync(a, b);
        }
        else
        {
            await app.BlockAsync(b, a);
        }

        await (await a.PostMessageAsync(dm.Id(), new { content = "hi" }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Messaging is blocked between these users");
        await (await b.PostMessageAsync(dm.Id(), new { content = "hi" }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Messaging is blocked between these users");
        Assert.Equal(0L, await app.MessageCountAsync(dm.Id()));

        var c = await app.SignupAsync("bc");
        var d = await app.SignupAsync("bd");
        await app.BlockAsync(blockerIsSender ? c : d, blockerIsSender ? d : c);
        await (await c.PostConversationAsync(new { participant_ids = new[] { d.Id } }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Cannot start a conversation with this user");
        await (await d.PostConversationAsync(new { participant_ids = new[] { c.Id } }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "Cannot start a conversation with this user");
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM conversations WHERE dm_user_low = @l AND dm_user_high = @h",
            new NpgsqlParameter("l", Math.Min(c.Id, d.Id)), new NpgsqlParameter("h", Math.Max(c.Id, d.Id))));
    }

    [Fact]
    public async Task History_hides_the_senders_the_viewer_blocked()
    {
        var a = await app.SignupAsync("ha");
        var b = await app.SignupAsync("hb");
        var c = await app.SignupAsync("hc");
        var group = await a.CreateGroupAsync("hidden", b, c);
        var fromB = await b.SendAsync(group.Id(), "from b");
        var fromC = await c.SendAsync(group.Id(), "from c");
        await app.BlockAsync(a, b);

        Assert.Equal([fromC.Id()], (await a.MessagesAsync(group.Id())).Ids());
        Assert.Equal([fromB.Id(), fromC.Id()], (await c.MessagesAsync(group.Id())).Ids());
    }

    [Fact]
    public async Task A_muted_participant_cannot_write_in_a_group_until_the_mute_ends()
    {
        var a = await app.SignupAsync("ma");
        var b = await app.SignupAsync("mb");
        var group = await a.CreateGroupAsync("muted", b);
        await app.MuteAsync(group.Id(), b, a);

        await (await b.PostMessageAsync(group.Id(), new { content = "let me talk" }))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN", "You are muted in this room");
        Assert.Equal(0L, await app.MessageCountAsync(group.Id()));

        await app.ExecuteSqlAsync("UPDATE chatroom_mutes SET muted_until = NOW() - interval '1 minute' WHERE conversation_id = @c",
            new NpgsqlParameter("c", group.Id()));
        await b.SendAsync(group.Id(), "free again");
    }

    [Fact]
    public async Task The_sender_or_an_admin_deletes_a_message_others_cannot()
    {
        var a = await app.SignupAsync("ea");
        var b = await app.SignupAsync("eb");
        var dm = await a.OpenDmAsync(b);
        var other = await a.OpenDmAsync(await app.SignupAsync("ec"));
        var mine = await a.SendAsync(dm.Id(), "mine");
        var theirs = await b.SendAsync(dm.Id(), "theirs");
        var elsewhere = await a.SendAsync(other.Id(), "elsewhere");

        await (await a.Client.DeleteAsync($"/api/conversations/{dm.Id()}/messages/{theirs.Id()}"))
            .ExpectProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await a.Client.DeleteAsync($"/api/conversations/{dm.Id()}/messages/{elsewhere.Id()}"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND", $"Message with ID {elsewhere.Id()} not found");
        await (await a.Client.DeleteAsync($"/api/conversations/{dm.Id()}/messages/9000000000"))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");

        var deleted = await (await a.Client.DeleteAsync($"/api/conversations/{dm.Id()}/messages/{mine.Id()}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Message deleted", deleted.GetProperty("message").GetString());
        Assert.Equal([theirs.Id()], (await b.MessagesAsync(dm.Id())).Ids());

        var admin = await app.CreateAdminAsync();
        await (await admin.Client.DeleteAsync($"/api/conversations/{dm.Id()}/messages/{theirs.Id()}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Empty((await a.MessagesAsync(dm.Id())).EnumerateArray());
    }

    [Fact]
    public async Task Read_receipts_are_for_direct_messages()
    {
        var a = await app.SignupAsync("ia");
        var b = await app.SignupAsync("ib");
        var group = await a.CreateGroupAsync("reads", b);
        await (await b.MarkReadAsync(group.Id()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "Read receipts are only supported for direct messages");

        var dm = await a.OpenDmAsync(b);
        var sent = await a.SendAsync(dm.Id(), "read me");
        var read = await (await b.MarkReadAsync(dm.Id())).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Conversation marked as read", read.GetProperty("message").GetString());
        var after = (await a.MessagesAsync(dm.Id()))[0];
        Assert.Equal(sent.Id(), after.Id());
        Assert.True(after.GetProperty("is_read").GetBoolean());
        after.GetProperty("read_at").UtcTimestamp();
    }
}
