using Sanctum.Tests.Chatrooms;
using Sanctum.Tests.Conversations;
using Sanctum.Tests.Realtime;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.ChatSocket;

/// <summary><c>message</c> and <c>read</c> frames, which go through the REST routes' service (contract 9, 12.3).</summary>
[Collection(AppCollection.Name)]
public sealed class ChatMessageTests(SanctumAppFixture app)
{
    [Fact]
    public async Task A_message_frame_is_stored_and_reaches_each_viewing_socket_once_on_both_replicas()
    {
        var (a, b) = (await app.SignupAsync("cm"), await app.SignupAsync("cm"));
        var conversationId = await app.CreateDmAsync(a, b);
        await using var aSocket = await app.ConnectChatAsync(a, replica: 0);
        await using var bFirst = await app.ConnectChatAsync(b, replica: 0);
        await using var bSecond = await app.ConnectChatAsync(b, replica: 1);
        await bFirst.JoinAsync(conversationId);
        await bSecond.JoinAsync(conversationId);

        await aSocket.SendMessageAsync(conversationId, "hello over the socket");

        var first = await bFirst.ReceiveAsync(frame => frame.Type() == "message" && frame.IsFor(conversationId), "the message on replica 0");
        var second = await bSecond.ReceiveAsync(frame => frame.Type() == "message" && frame.IsFor(conversationId), "the message on replica 1");
        var messageId = first.Payload().GetProperty("id").GetInt64();
        Assert.Equal(messageId, second.Payload().GetProperty("id").GetInt64());
        Assert.Equal(a.Id, first.GetProperty("user_id").GetInt64());
        Assert.Equal("hello over the socket", first.Payload().GetProperty("content").GetString());
        Assert.Equal(1, await app.MessageCountAsync(conversationId));
        await bFirst.ExpectNoneAsync(frame => frame.IsMessage(messageId), RealtimeSteps.AudienceSettle, "a second copy");
        await bSecond.ExpectNoneAsync(frame => frame.IsMessage(messageId), TimeSpan.Zero, "a second copy");
        await aSocket.ExpectNoneAsync(frame => frame.Type() == "error", TimeSpan.Zero, "an error for a good message");
    }

    [Theory]
    [InlineData("", "Message content is required")]
    [InlineData("   ", "Message content is required")]
    [InlineData("a\u0000b", null)]
    public async Task A_refused_message_frame_gets_an_error_and_stores_nothing(string content, string? message)
    {
        var (a, b) = (await app.SignupAsync("cm"), await app.SignupAsync("cm"));
        var conversationId = await app.CreateDmAsync(a, b);
        await using var aSocket = await app.ConnectChatAsync(a, replica: 1);

        await aSocket.SendMessageAsync(conversationId, content);

        var text = await aSocket.ExpectErrorAsync(conversationId, message);
        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.Equal(0, await app.MessageCountAsync(conversationId));
        await aSocket.JoinAsync(conversationId);
    }

    [Fact]
    public async Task A_message_frame_from_a_non_participant_gets_an_error_and_stores_nothing()
    {
        var (a, b, outsider) = (await app.SignupAsync("cm"), await app.SignupAsync("cm"), await app.SignupAsync("cm"));
        var conversationId = await app.CreateDmAsync(a, b);
        await using var bSocket = await app.ConnectChatAsync(b, replica: 0);
        await using var outsiderSocket = await app.ConnectChatAsync(outsider, replica: 1);
        await bSocket.JoinAsync(conversationId);

        await outsiderSocket.SendMessageAsync(conversationId, "let me in");

        await outsiderSocket.ExpectErrorAsync(conversationId, ChatSocketSteps.NotParticipant);
        Assert.Equal(0, await app.MessageCountAsync(conversationId));
        await bSocket.ExpectNoneAsync(frame => frame.Type() == "message" && frame.IsFor(conversationId), RealtimeSteps.AudienceSettle, "an outsider's message");
    }

    [Fact]
    public async Task A_read_frame_clears_the_unread_count()
    {
        var (a, b) = (await app.SignupAsync("cm"), await app.SignupAsync("cm"));
        var conversationId = await app.CreateDmAsync(a, b);
        await using var aSocket = await app.ConnectChatAsync(a, replica: 0);
        await using var bSocket = await app.ConnectChatAsync(b, replica: 1);
        await aSocket.JoinAsync(conversationId);
        await bSocket.JoinAsync(conversationId);
        await aSocket.SendMessageAsync(conversationId, "one");
        await aSocket.SendMessageAsync(conversationId, "two");
        await bSocket.ReceiveAsync(frame => frame.Type() == "message" && frame.IsFor(conversationId) && frame.Payload().GetProperty("content").GetString() == "two", "the second message");
        Assert.Equal(2, await app.UnreadAsync(conversationId, b));

        await bSocket.SendReadAsync(conversationId);

        await aSocket.ReceiveAsync(frame => frame.Type() == "message_read" && frame.IsFor(conversationId) && frame.Has("user_id", b.Id), "b's read receipt");
        Assert.Equal(0, await app.UnreadAsync(conversationId, b));
        await bSocket.ExpectNoneAsync(frame => frame.Type() == "error", TimeSpan.Zero, "an error for a read");
    }

    [Fact]
    public async Task A_read_frame_from_a_non_participant_gets_an_error()
    {
        var (a, b, outsider) = (await app.SignupAsync("cm"), await app.SignupAsync("cm"), await app.SignupAsync("cm"));
        var conversationId = await app.CreateDmAsync(a, b);
        await using var outsiderSocket = await app.ConnectChatAsync(outsider);

        await outsiderSocket.SendReadAsync(conversationId);

        await outsiderSocket.ExpectErrorAsync(conversationId, ChatSocketSteps.NotParticipant);
    }

    /// <summary>The test fixture's send_chat budget (<c>SanctumAppFixture.ApiSettings</c>).</summary>
    private const int SendChatLimit = 40;

    [Fact]
    public async Task Message_frames_past_the_send_chat_budget_get_an_error_and_are_not_stored()
    {
        var (a, b) = (await app.SignupAsync("cm"), await app.SignupAsync("cm"));
        var conversationId = await app.CreateDmAsync(a, b);
        await using var aSocket = await app.ConnectChatAsync(a);
        await aSocket.JoinAsync(conversationId);

        for (var i = 0; i < SendChatLimit + 1; i++)
        {
            await aSocket.SendMessageAsync(conversationId, $"message {i}");
        }

        await aSocket.ExpectErrorAsync(conversationId, "rate limit exceeded");
        await aSocket.ReceiveAsync(frame => frame.Type() == "message" && frame.IsFor(conversationId)
            && frame.Payload().GetProperty("content").GetString() == $"message {SendChatLimit - 1}", "the last message within the budget");
        Assert.Equal(SendChatLimit, await app.MessageCountAsync(conversationId));
    }

    [Fact]
    public async Task A_message_frame_refused_for_its_content_does_not_spend_the_budget()
    {
        var (a, b) = (await app.SignupAsync("cm"), await app.SignupAsync("cm"));
        var conversationId = await app.CreateDmAsync(a, b);
        await using var aSocket = await app.ConnectChatAsync(a);
        await aSocket.JoinAsync(conversationId);

        for (var i = 0; i < SendChatLimit; i++)
        {
            await aSocket.SendMessageAsync(conversationId, "");
        }
        await aSocket.SendMessageAsync(conversationId, "after the refusals");

        await aSocket.ReceiveAsync(frame => frame.Type() == "message" && frame.IsFor(conversationId), "the message after the refusals");
        Assert.Equal(1, await app.MessageCountAsync(conversationId));
        Assert.DoesNotContain(aSocket.TakeAll(frame => frame.Type() == "error"), frame => frame.Payload().GetProperty("message").GetString() == "rate limit exceeded");
    }
}
