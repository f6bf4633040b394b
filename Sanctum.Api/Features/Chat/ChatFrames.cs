using System.Text.Json;
using Sanctum.Api.Infrastructure.Events;
using Sanctum.Api.Infrastructure.Json;
using Sanctum.Api.Infrastructure.Realtime;

namespace Sanctum.Api.Features.Chat;

/// <summary>
/// A client frame of the chat socket (contract 12.3), as sent: <c>type</c>, <c>conversation_id</c> and the fields of
/// the types that have them. <c>conversation_id</c> stays a raw JSON value so a string, a fraction or a number past
/// <see cref="long"/> is told apart from a wrong frame (<see cref="ChatFrames.ConversationRequired"/>).
/// </summary>
public sealed record ChatClientFrame(
    string? Type,
    JsonElement? ConversationId,
    bool? IsTyping = null,
    string? Content = null,
    string? MessageType = null,
    JsonElement? Metadata = null);

/// <summary>Payload of <c>typing</c>: the contract's Redis payload, with <c>is_typing</c> kept (fix of 19.14).</summary>
public sealed record TypingPayload(long UserId, string Username, bool IsTyping, int ExpiresInMs);

/// <summary>Payload of <c>joined</c>.</summary>
public sealed record JoinedPayload(long ConversationId);

/// <summary>A client frame that passed the format checks: its type is known and its conversation id is positive.</summary>
public readonly record struct ChatRequest(string Type, long ConversationId, ChatClientFrame Frame);

/// <summary>
/// Reading the chat socket's client frames and writing its <c>error</c> frames. Parsing never throws: a frame that is
/// not a JSON object of a known type with a positive integer <c>conversation_id</c> gives the message of the error
/// frame the socket answers with (the contract ignored such frames silently; an answer tells a client what it got wrong,
/// and the connection stays open either way).
/// </summary>
public static class ChatFrames
{
    public const string Join = "join";
    public const string Leave = "leave";
    public const string Typing = "typing";
    public const string Message = "message";
    public const string Read = "read";

    public const string InvalidFormat = "Invalid message format";
    public const string UnknownType = "Unknown message type";
    public const string ConversationRequired = "conversation_id is required";
    public const string RateLimited = "rate limit exceeded";
    public const string RateLimitUnavailable = "rate limit unavailable";

    /// <summary>How long a client shows a typing indicator without a newer <c>typing</c> frame.</summary>
    public const int TypingExpiresInMs = 5000;

    private static readonly HashSet<string> Types = [Join, Leave, Typing, Message, Read];

    /// <summary>The request, or the message of the error frame to answer with.</summary>
    public static (ChatRequest Request, string? Error) Parse(ReadOnlySpan<byte> utf8)
    {
        ChatClientFrame? frame;
        try
        {
            frame = JsonSerializer.Deserialize(utf8, SanctumJsonContext.Default.ChatClientFrame);
        }
        catch (JsonException)
        {
            // Not JSON, not an object (an array, a string), or a field of the wrong kind.
            return (default, InvalidFormat);
        }
        if (frame is null)
        {
            return (default, InvalidFormat);
        }
        if (frame.Type is not { } type || !Types.Contains(type))
        {
            return (default, UnknownType);
        }
        if (frame.ConversationId is not { ValueKind: JsonValueKind.Number } id || !id.TryGetInt64(out var conversationId) || conversationId <= 0)
        {
            return (default, ConversationRequired);
        }
        return (new ChatRequest(type, conversationId, frame), null);
    }

    /// <summary><c>{"type":"error","conversation_id":n,"payload":{"message":...}}</c>, for the offending socket only.</summary>
    public static byte[] Error(long userId, long conversationId, string message) =>
        RealtimeFrames.Serialize(new RealtimeEvent("error", new SocketErrorPayload(message), EventAudience.User(userId))
        {
            Socket = SocketKind.Chat,
            ConversationId = conversationId,
        });
}
