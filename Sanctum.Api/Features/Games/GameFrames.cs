using System.Buffers;
using System.Text.Json;
using Sanctum.Api.Infrastructure.Events;
using Sanctum.Api.Infrastructure.Json;
using Sanctum.Api.Infrastructure.Realtime;

namespace Sanctum.Api.Features.Games;

/// <summary>
/// A client frame of the game socket (contract 12.4, the "GameAction"): <c>type</c> and <c>payload</c>. The client's
/// <c>room_id</c> and <c>user_id</c> are not read: the server uses the socket's user and query room.
/// </summary>
public sealed record GameClientFrame(string? Type, JsonElement? Payload);

/// <summary>A client frame that passed the format checks; <see cref="Payload"/> is an object for <c>make_move</c>.</summary>
public readonly record struct GameRequest(string Type, JsonElement? Payload);

/// <summary>
/// Reading the game socket's client frames and writing its <c>error</c> frames. Parsing never throws. A frame that is
/// not a JSON object with a string <c>type</c> (not JSON, an array, a number as type), and a <c>make_move</c> without an
/// object payload, give "Invalid move format" (the contract's message for a move it cannot read; the original dropped
/// unreadable frames silently). A frame of another or no type is ignored, as the contract says.
/// </summary>
public static class GameFrames
{
    public const string JoinRoom = "join_room";
    public const string MakeMove = "make_move";
    public const string Chat = "chat";

    public const string InvalidMoveFormat = "Invalid move format";
    public const string InternalError = "Internal server error";

    /// <summary>The request; null with a null error for a frame to ignore; or the message of the error frame.</summary>
    public static (GameRequest? Request, string? Error) Parse(ReadOnlySpan<byte> utf8)
    {
        GameClientFrame? frame;
        try
        {
            frame = JsonSerializer.Deserialize(utf8, SanctumJsonContext.Default.GameClientFrame);
        }
        catch (JsonException)
        {
            // Not JSON, not an object, or a type that is not a string.
            return (null, InvalidMoveFormat);
        }
        if (frame?.Type is not { } type)
        {
            return (null, frame is null ? InvalidMoveFormat : null);
        }
        switch (type)
        {
            case JoinRoom:
                return (new GameRequest(type, null), null);
            case MakeMove:
                return frame.Payload is { ValueKind: JsonValueKind.Object } move
                    ? (new GameRequest(type, move), null)
                    : (null, InvalidMoveFormat);
            case Chat:
                return (new GameRequest(type, frame.Payload), null);
            default:
                return (null, null);
        }
    }

    /// <summary>
    /// The payload <c>chat</c> echoes: the sender's, free-form as the contract says (the 16 KiB frame cap bounds it),
    /// except that an object's <c>username</c> (the client's own claim, which the original client shows) is set to the
    /// socket's user, so nobody speaks under another name. Missing or null stays null.
    /// </summary>
    public static JsonElement? ChatPayload(JsonElement? payload, string username)
    {
        if (payload is not { ValueKind: JsonValueKind.Object } message)
        {
            return payload is { ValueKind: not JsonValueKind.Null } other ? other : null;
        }
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var member in message.EnumerateObject())
            {
                if (member.Name != "username")
                {
                    member.WriteTo(writer);
                }
            }
            writer.WriteString("username", username);
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary><c>{"type":"error","room_id":n,"payload":{"message":...}}</c>, for the offending socket only (the shape of
    /// the host's cap refusals).</summary>
    public static byte[] Error(long userId, long roomId, string message) =>
        RealtimeFrames.Serialize(new RealtimeEvent("error", new SocketErrorPayload(message), EventAudience.User(userId))
        {
            Socket = SocketKind.Game,
            RoomId = roomId,
        });
}
