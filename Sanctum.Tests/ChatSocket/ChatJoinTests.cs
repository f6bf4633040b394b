using Sanctum.Tests.Chatrooms;
using System.Net.WebSockets;
using Sanctum.Tests.Realtime;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.ChatSocket;

/// <summary><c>join</c>, <c>leave</c>, wrong frames and the inbound size limit on the chat socket (contract 12.3).</summary>
[Collection(AppCollection.Name)]
public sealed class ChatJoinTests(SanctumAppFixture app)
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_participant_who_joins_gets_joined(int replica)
    {
        var (a, b) = (await app.SignupAsync("cj"), await app.SignupAsync("cj"));
        var conversationId = await app.CreateDmAsync(a, b);
        await using var socket = await app.ConnectChatAsync(a, replica);

        var joined = await socket.JoinAsync(conversationId);

        Assert.Equal(["conversation_id", "payload", "type"], joined.FieldNames());
        Assert.Equal(["conversation_id"], joined.Payload().FieldNames());
        Assert.Equal(conversationId, joined.Payload().GetProperty("conversation_id").GetInt64());
    }

    [Fact]
    public async Task A_non_participant_who_joins_gets_an_error_and_then_no_events_of_the_conversation()
    {
        var (a, b, outsider) = (await app.SignupAsync("cj"), await app.SignupAsync("cj"), await app.SignupAsync("cj"));
        var conversationId = await app.CreateDmAsync(a, b);
        await using var outsiderSocket = await app.ConnectChatAsync(outsider, replica: 0);
        await using var aSocket = await app.ConnectChatAsync(a, replica: 0);
        await using var bSocket = await app.ConnectChatAsync(b, replica: 1);

        await outsiderSocket.SendTextAsync($$"""{"type":"join","conversation_id":{{conversationId}}}""");
        await outsiderSocket.ExpectErrorAsync(conversationId, ChatSocketSteps.NotParticipant);

        await aSocket.JoinAsync(conversationId);
        await bSocket.JoinAsync(conversationId);
        await aSocket.SendTypingAsync(conversationId, isTyping: true);
        await bSocket.ReceiveAsync(frame => frame.IsTypingOf(conversationId, a), "a's typing");
        await outsiderSocket.ExpectNoneAsync(frame => frame.IsFor(conversationId) && frame.Type() != "error", RealtimeSteps.AudienceSettle, "an event of the conversation");
    }

    [Fact]
    public async Task Joining_a_conversation_that_does_not_exist_gets_the_same_error()
    {
        var user = await app.SignupAsync("cj");
        await using var socket = await app.ConnectChatAsync(user);

        await socket.SendTextAsync($$"""{"type":"join","conversation_id":{{long.MaxValue}}}""");

        await socket.ExpectErrorAsync(long.MaxValue, ChatSocketSteps.NotParticipant);
    }

    [Fact]
    public async Task Leave_stops_the_delivery_to_the_user()
    {
        var (a, b) = (await app.SignupAsync("cj"), await app.SignupAsync("cj"));
        var conversationId = await app.CreateDmAsync(a, b);
        var other = await app.CreateDmAsync(b, a);
        await using var aSocket = await app.ConnectChatAsync(a, replica: 0);
        await using var bSocket = await app.ConnectChatAsync(b, replica: 1);
        await aSocket.JoinAsync(conversationId);
        await bSocket.JoinAsync(conversationId);
        await aSocket.SendTypingAsync(conversationId, isTyping: true);
        await bSocket.ReceiveAsync(frame => frame.IsTypingOf(conversationId, a), "a's typing before the leave");

        await bSocket.SendLeaveAsync(conversationId);
        // Frames of one socket are handled in order: once this join is answered, the leave has been done.
        await bSocket.JoinAsync(other);
        await aSocket.SendTypingAsync(conversationId, isTyping: false);

        // a still views the conversation and gets its own typing, so the event was raised.
        await aSocket.ReceiveAsync(frame => frame.IsTypingOf(conversationId, a) && !frame.Payload().GetProperty("is_typing").GetBoolean(), "a's own typing stop");
        await bSocket.ExpectNoneAsync(frame => frame.IsTypingOf(conversationId, a) && !frame.Payload().GetProperty("is_typing").GetBoolean(),
            RealtimeSteps.AudienceSettle, "typing after the leave");
    }

    [Theory]
    [InlineData("not json", "Invalid message format")]
    [InlineData("[1,2,3]", "Invalid message format")]
    [InlineData("\"join\"", "Invalid message format")]
    [InlineData("null", "Invalid message format")]
    [InlineData("""{"type":"join","conversation_id":1,"is_typing":"yes"}""", "Invalid message format")]
    [InlineData("""{"type":"dance","conversation_id":1}""", "Unknown message type")]
    [InlineData("""{"conversation_id":1}""", "Unknown message type")]
    [InlineData("""{"type":"join"}""", "conversation_id is required")]
    [InlineData("""{"type":"join","conversation_id":"abc"}""", "conversation_id is required")]
    [InlineData("""{"type":"join","conversation_id":"5"}""", "conversation_id is required")]
    [InlineData("""{"type":"join","conversation_id":99999999999999999999999999}""", "conversation_id is required")]
    [InlineData("""{"type":"typing","conversation_id":0,"is_typing":true}""", "conversation_id is required")]
    [InlineData("""{"type":"leave","conversation_id":-4}""", "conversation_id is required")]
    [InlineData("""{"type":"read","conversation_id":1.5}""", "conversation_id is required")]
    [InlineData("""{"type":"message","conversation_id":null,"content":"hi"}""", "conversation_id is required")]
    public async Task A_wrong_frame_gets_an_error_frame_and_the_socket_keeps_working(string text, string message)
    {
        var (a, b) = (await app.SignupAsync("cj"), await app.SignupAsync("cj"));
        var conversationId = await app.CreateDmAsync(a, b);
        await using var socket = await app.ConnectChatAsync(a);

        await socket.SendTextAsync(text);

        var error = await socket.ReceiveTypeAsync("error");
        Assert.Equal(["conversation_id", "payload", "type"], error.FieldNames());
        Assert.Equal(0, error.GetProperty("conversation_id").GetInt64());
        Assert.Equal(message, error.Payload().GetProperty("message").GetString());
        await socket.JoinAsync(conversationId);
        Assert.True(socket.IsOpen);
    }

    [Fact]
    public async Task An_oversize_frame_closes_only_that_socket()
    {
        var (a, b) = (await app.SignupAsync("cj"), await app.SignupAsync("cj"));
        var conversationId = await app.CreateDmAsync(a, b);
        await using var aSocket = await app.ConnectChatAsync(a, replica: 0);
        await using var bSocket = await app.ConnectChatAsync(b, replica: 0);
        await bSocket.JoinAsync(conversationId);

        var content = new string('x', 17 * 1024);
        await aSocket.SendTextAsync($$"""{"type":"typing","conversation_id":{{conversationId}},"is_typing":true,"pad":"{{content}}"}""");

        // The host closes with 1009, then drops the connection with the rest of the frame unread, so the client may see
        // a reset instead of the close frame: the test asks only that this socket ends and the other one does not.
        var ended = await aSocket.ExpectClosedAsync();
        Assert.True(aSocket.CloseStatus is null or WebSocketCloseStatus.MessageTooBig, ended);
        Assert.True(bSocket.IsOpen);
        var other = await app.CreateDmAsync(b, a);
        await bSocket.JoinAsync(other);
        await bSocket.ExpectNoneAsync(frame => frame.IsTypingOf(conversationId, a), RealtimeSteps.AudienceSettle, "the oversize frame's typing");
    }
}
