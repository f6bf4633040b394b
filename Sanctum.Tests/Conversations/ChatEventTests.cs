using Npgsql;
using Sanctum.Tests.Posts;
using Sanctum.Tests.Realtime;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Conversations;

/// <summary>The notifications-socket events of chat (contract 12.2): message_received and chat_mention, plus mentions.</summary>
[Collection(AppCollection.Name)]
public sealed class ChatEventTests(SanctumAppFixture app)
{
    [Fact]
    public async Task A_dm_reaches_each_notifications_socket_of_the_recipient_on_both_replicas_exactly_once()
    {
        var a = await app.SignupAsync("na");
        var b = await app.SignupAsync("nb");
        var dm = await a.OpenDmAsync(b);
        await using var b0 = await app.ConnectReadyAsync(b, replica: 0);
        await using var b1 = await app.ConnectReadyAsync(b, replica: 1);
        await using var a0 = await app.ConnectReadyAsync(a, replica: 0);

        var sent = await a.SendAsync(dm.Id(), "ping @" + b.Username);

        foreach (var socket in new[] { b0, b1 })
        {
            var frame = await socket.ReceiveTypeAsync("message_received", f => f.Has("message_id", sent.Id()));
            var payload = frame.Payload();
            Assert.Equal(["conversation_id", "created_at", "from_user", "is_group", "message_id", "preview"], payload.FieldNames());
            Assert.Equal(dm.Id(), payload.GetProperty("conversation_id").GetInt64());
            Assert.False(payload.GetProperty("is_group").GetBoolean());
            Assert.Equal(["avatar", "id", "username"], payload.GetProperty("from_user").FieldNames());
            Assert.Equal(a.Id, payload.GetProperty("from_user").Id());
            Assert.Equal("ping @" + b.Username, payload.GetProperty("preview").GetString());
            payload.GetProperty("created_at").UtcTimestamp();
        }
        foreach (var socket in new[] { b0, b1 })
        {
            await socket.ExpectNoneAsync(f => f.Type() == "message_received" && f.Has("message_id", sent.Id()),
                RealtimeSteps.AudienceSettle, "a second message_received");
        }
        await a0.ExpectNoneAsync(f => f.Type() == "message_received" && f.Has("message_id", sent.Id()),
            RealtimeSteps.AudienceSettle, "message_received for the sender");
    }

    [Fact]
    public async Task Mentions_notify_only_the_mentioned_participants()
    {
        var a = await app.SignupAsync("ma");
        var b = await app.SignupAsync("mb");
        var c = await app.SignupAsync("mc");
        var outsider = await app.SignupAsync("mo");
        var group = await a.CreateGroupAsync("mentions", b, c);
        await using var socketA = await app.ConnectReadyAsync(a, replica: 0);
        await using var socketB = await app.ConnectReadyAsync(b, replica: 1);
        await using var socketC = await app.ConnectReadyAsync(c, replica: 0);
        await using var socketO = await app.ConnectReadyAsync(outsider, replica: 1);

        var content = $"hey @{b.Username.ToUpperInvariant()}, @{outsider.Username} and me @{a.Username} @{b.Username}";
        var sent = await a.SendAsync(group.Id(), content);

        var frame = await socketB.ReceiveTypeAsync("chat_mention", f => f.Has("message_id", sent.Id()));
        var payload = frame.Payload();
        Assert.Equal(["conversation_id", "created_at", "from_user_id", "mentioned_user_id", "message_id", "preview"], payload.FieldNames());
        Assert.Equal(b.Id, payload.GetProperty("mentioned_user_id").GetInt64());
        Assert.Equal(a.Id, payload.GetProperty("from_user_id").GetInt64());
        Assert.Equal(content, payload.GetProperty("preview").GetString());
        await socketB.ExpectNoEventAsync("chat_mention", "message_id", sent.Id());
        foreach (var socket in new[] { socketA, socketC, socketO })
        {
            await socket.ExpectNoneAsync(f => f.Type() == "chat_mention" && f.Has("message_id", sent.Id()),
                RealtimeSteps.AudienceSettle, "chat_mention for someone not mentioned");
        }
        Assert.Equal([b.Id], await app.ScalarAsync<long[]>("SELECT array_agg(mentioned_user_id) FROM message_mentions WHERE message_id = @m",
            new NpgsqlParameter("m", sent.Id())));

        var mentions = await (await b.Client.GetAsync("/api/users/me/mentions")).ExpectJsonAsync(HttpStatusCode.OK);
        var mention = Assert.Single(mentions.EnumerateArray());
        Assert.Equal(["conversation", "conversation_id", "created_at", "id", "mentioned_by_user_id", "mentioned_user_id", "message", "message_id"],
            mention.FieldNames());
        Assert.Equal(sent.Id(), mention.GetProperty("message").Id());
        Assert.Equal(a.Id, mention.GetProperty("message").GetProperty("sender").Id());
        Assert.Equal(group.Id(), mention.GetProperty("conversation").Id());
        Assert.Empty((await (await c.Client.GetAsync("/api/users/me/mentions")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray());

        await (await b.Client.DeleteAsync($"/api/conversations/{group.Id()}")).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Empty((await (await b.Client.GetAsync("/api/users/me/mentions")).ExpectJsonAsync(HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public void Mention_names_allow_hyphens_and_fold_case()
    {
        var names = Sanctum.Api.Features.Conversations.MessageService.MentionedNames("@Ab-Cd hi @ab-cd @x @under_score! email@host");
        Assert.Equal(new[] { "ab-cd", "host", "under_score" }, names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Signup_leaves_a_welcome_dm_from_the_bot_with_one_unread_message()
    {
        var user = await app.SignupAsync("wu");

        var list = await user.ListAsync();
        var dm = Assert.Single(list.EnumerateArray(), c => c.GetProperty("participants").EnumerateArray()
            .Any(p => p.GetProperty("username").GetString() == "welcomebot"));
        Assert.Equal(1, dm.GetProperty("unread_count").GetInt32());
        Assert.False(dm.GetProperty("is_group").GetBoolean());
        var message = Assert.Single(dm.GetProperty("messages").EnumerateArray());
        Assert.Equal("text", message.GetProperty("message_type").GetString());
        Assert.False(message.TryGetProperty("metadata", out _));
        Assert.Equal("welcomebot", message.GetProperty("sender").GetProperty("username").GetString());
        Assert.Equal(1L, await app.ScalarAsync<long>(
            "SELECT count(*) FROM welcome_bot_events WHERE user_id = @u AND event_type = 'signup_dm'", new NpgsqlParameter("u", user.Id)));
        Assert.Equal(1L, await app.ScalarAsync<long>(
            "SELECT count(*) FROM users WHERE lower(email) = 'welcomebot@sanctum.local'"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Nobody_can_sign_up_with_the_welcome_bots_username_or_email_as_it_exists_from_startup(bool takeUsername)
    {
        var other = TestData.Username("wb");
        var (username, email) = takeUsername ? ("WelcomeBot", other + "@example.com") : (other, "WELCOMEBOT@sanctum.local");

        var response = await app.CreateClient().PostAsync("/api/auth/signup",
            HttpAssertions.Json($$"""{"username":"{{username}}","email":"{{email}}","password":"Password123!"}"""));

        await response.ExpectProblemAsync(HttpStatusCode.Conflict, "CONFLICT", "User already exists");
    }
}
