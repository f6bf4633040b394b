using Npgsql;
using Sanctum.Tests.Realtime;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.ChatSocket;

/// <summary>Arranging conversations with direct SQL and speaking the chat socket's client frames (contract 12.3).</summary>
public static class ChatSocketSteps
{
    public const string NotParticipant = "You are not a participant in this conversation";

    /// <summary>A chat socket that has had its <c>connected</c> frame.</summary>
    public static Task<TestSocket> ConnectChatAsync(this SanctumAppFixture app, TestUser user, int replica = 0) =>
        app.ConnectReadyAsync(user, TestSockets.Chat, replica);

    /// <summary>Sends <c>join</c> and waits for <c>joined</c>: from then on the user views the conversation on this replica.</summary>
    public static async Task<JsonElement> JoinAsync(this TestSocket socket, long conversationId)
    {
        await socket.SendTextAsync($$"""{"type":"join","conversation_id":{{conversationId}}}""");
        return await socket.ReceiveTypeAsync("joined", frame => frame.IsFor(conversationId));
    }

    public static Task SendLeaveAsync(this TestSocket socket, long conversationId) =>
        socket.SendTextAsync($$"""{"type":"leave","conversation_id":{{conversationId}}}""");

    public static Task SendTypingAsync(this TestSocket socket, long conversationId, bool isTyping) =>
        socket.SendTextAsync($$"""{"type":"typing","conversation_id":{{conversationId}},"is_typing":{{(isTyping ? "true" : "false")}}}""");

    public static Task SendMessageAsync(this TestSocket socket, long conversationId, string content) =>
        socket.SendTextAsync(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["type"] = "message",
            ["conversation_id"] = conversationId,
            ["content"] = content,
        }));

    public static Task SendReadAsync(this TestSocket socket, long conversationId) =>
        socket.SendTextAsync($$"""{"type":"read","conversation_id":{{conversationId}}}""");

    /// <summary>The envelope's <c>conversation_id</c> is <paramref name="conversationId"/>.</summary>
    public static bool IsFor(this JsonElement frame, long conversationId) =>
        frame.TryGetProperty("conversation_id", out var id) && id.ValueKind == JsonValueKind.Number && id.GetInt64() == conversationId;

    /// <summary>Waits for an <c>error</c> frame for <paramref name="conversationId"/> and checks its exact shape.</summary>
    public static async Task<string> ExpectErrorAsync(this TestSocket socket, long conversationId, string? message = null)
    {
        var frame = await socket.ReceiveTypeAsync("error", frame => frame.IsFor(conversationId));
        Assert.Equal(["conversation_id", "payload", "type"], frame.FieldNames());
        Assert.Equal(["message"], frame.Payload().FieldNames());
        var text = frame.Payload().GetProperty("message").GetString();
        Assert.NotNull(text);
        if (message is not null)
        {
            Assert.Equal(message, text);
        }
        return text;
    }

    /// <summary>A <c>typing</c> frame of <paramref name="typer"/> in the conversation.</summary>
    public static bool IsTypingOf(this JsonElement frame, long conversationId, TestUser typer) =>
        frame.Type() == "typing" && frame.IsFor(conversationId) && frame.Has("user_id", typer.Id);

    /// <summary>A <c>message</c> frame carrying the message <paramref name="messageId"/>.</summary>
    public static bool IsMessage(this JsonElement frame, long messageId) => frame.Type() == "message" && frame.Has("id", messageId);

    /// <summary>The unread count as contract 9 computes it: others' live messages after the user's last read one.</summary>
    public static Task<long> UnreadAsync(this SanctumAppFixture app, long conversationId, TestUser user) =>
        app.ScalarAsync<long>("""
            SELECT COUNT(*) FROM messages m
            JOIN conversation_participants p ON p.conversation_id = m.conversation_id AND p.user_id = @userId
            WHERE m.conversation_id = @id AND m.id > p.last_read_message_id AND m.sender_id <> @userId AND m.deleted_at IS NULL
            """,
            new NpgsqlParameter("id", conversationId), new NpgsqlParameter("userId", user.Id));
}
