using Sanctum.Tests.Chatrooms;
using Sanctum.Tests.Realtime;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.ChatSocket;

/// <summary><c>typing</c> on the chat socket (contract 12.3, with <c>is_typing</c> kept: 19.14).</summary>
[Collection(AppCollection.Name)]
public sealed class ChatTypingTests(SanctumAppFixture app)
{
    [Fact]
    public async Task Typing_reaches_a_viewer_on_the_other_replica_with_is_typing_and_not_a_participant_who_is_not_viewing()
    {
        var (a, b, c) = (await app.SignupAsync("ct"), await app.SignupAsync("ct"), await app.SignupAsync("ct"));
        var conversationId = await app.CreateConversationAsync(true, a, b, c);
        await using var aSocket = await app.ConnectChatAsync(a, replica: 0);
        await using var bSocket = await app.ConnectChatAsync(b, replica: 1);
        await using var cSocket = await app.ConnectChatAsync(c, replica: 1);
        await aSocket.JoinAsync(conversationId);
        await bSocket.JoinAsync(conversationId);

        await aSocket.SendTypingAsync(conversationId, isTyping: true);
        var started = await bSocket.ReceiveAsync(frame => frame.IsTypingOf(conversationId, a), "a's typing");
        await aSocket.SendTypingAsync(conversationId, isTyping: false);
        var stopped = await bSocket.ReceiveAsync(frame => frame.IsTypingOf(conversationId, a) && !frame.Payload().GetProperty("is_typing").GetBoolean(), "a's typing stop");

        Assert.Equal(["conversation_id", "payload", "type", "user_id", "username"], started.FieldNames());
        Assert.Equal(a.Id, started.GetProperty("user_id").GetInt64());
        Assert.Equal(a.Username, started.GetProperty("username").GetString());
        Assert.Equal(["expires_in_ms", "is_typing", "user_id", "username"], started.Payload().FieldNames());
        Assert.True(started.Payload().GetProperty("is_typing").GetBoolean());
        Assert.Equal(a.Username, started.Payload().GetProperty("username").GetString());
        Assert.Equal(5000, started.Payload().GetProperty("expires_in_ms").GetInt32());
        Assert.False(stopped.Payload().GetProperty("is_typing").GetBoolean());
        await cSocket.ExpectNoneAsync(frame => frame.IsTypingOf(conversationId, a), RealtimeSteps.AudienceSettle, "typing to a non-viewer");
    }

    [Fact]
    public async Task Typing_by_a_non_participant_gets_an_error_and_reaches_nobody()
    {
        var (a, b, outsider) = (await app.SignupAsync("ct"), await app.SignupAsync("ct"), await app.SignupAsync("ct"));
        var conversationId = await app.CreateDmAsync(a, b);
        await using var bSocket = await app.ConnectChatAsync(b, replica: 1);
        await using var outsiderSocket = await app.ConnectChatAsync(outsider, replica: 0);
        await bSocket.JoinAsync(conversationId);

        await outsiderSocket.SendTypingAsync(conversationId, isTyping: true);

        await outsiderSocket.ExpectErrorAsync(conversationId, ChatSocketSteps.NotParticipant);
        await bSocket.ExpectNoneAsync(frame => frame.IsTypingOf(conversationId, outsider), RealtimeSteps.AudienceSettle, "an outsider's typing");
    }

    [Fact]
    public async Task Typing_past_ten_in_the_window_is_dropped_silently()
    {
        var (a, b) = (await app.SignupAsync("ct"), await app.SignupAsync("ct"));
        var conversationId = await app.CreateDmAsync(a, b);
        await using var aSocket = await app.ConnectChatAsync(a, replica: 0);
        await using var bSocket = await app.ConnectChatAsync(b, replica: 1);
        await bSocket.JoinAsync(conversationId);

        for (var i = 0; i < 11; i++)
        {
            await aSocket.SendTypingAsync(conversationId, isTyping: true);
        }
        // Frames of one socket are handled in order: once this join is answered, all eleven have been.
        await aSocket.JoinAsync(conversationId);

        for (var i = 0; i < 10; i++)
        {
            await bSocket.ReceiveAsync(frame => frame.IsTypingOf(conversationId, a), $"typing {i + 1} of 10");
        }
        await bSocket.ExpectNoneAsync(frame => frame.IsTypingOf(conversationId, a), RealtimeSteps.AudienceSettle, "an eleventh typing");
        await aSocket.ExpectNoneAsync(frame => frame.Type() == "error", RealtimeSteps.AudienceSettle, "an error for dropped typing");
    }
}
