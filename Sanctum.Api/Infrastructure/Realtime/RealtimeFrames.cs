using System.Buffers;
using System.Text.Json;
using Sanctum.Api.Infrastructure.Events;
using Sanctum.Api.Infrastructure.Json;

namespace Sanctum.Api.Infrastructure.Realtime;

/// <summary>
/// Writes the contract's envelopes (12.2–12.4) as UTF-8 text frames. An event is serialized once, whatever the
/// number of sockets it goes to; every socket is handed the same bytes.
/// </summary>
public static class RealtimeFrames
{
    public static byte[] Serialize(RealtimeEvent @event)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", @event.Type);
            switch (@event.Socket)
            {
                case SocketKind.Chat:
                    writer.WriteNumber("conversation_id", @event.ConversationId);
                    WriteOptional(writer, "user_id", @event.UserId);
                    if (@event.Username is { } username)
                    {
                        writer.WriteString("username", username);
                    }
                    break;
                case SocketKind.Game:
                    WriteOptional(writer, "room_id", @event.RoomId);
                    WriteOptional(writer, "user_id", @event.UserId);
                    break;
            }
            writer.WritePropertyName("payload");
            if (@event.Payload is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                JsonSerializer.Serialize(writer, @event.Payload, @event.Payload.GetType(), JsonSetup.Options);
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A frame that is not an event envelope (the cap errors of 12.1), from a registered type.</summary>
    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, JsonSetup.Options);

    private static void WriteOptional(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }
}
