using System.Text;
using System.Text.Json;
using Sanctum.Api.Features.Posts;
using Sanctum.Api.Infrastructure.Events;
using Sanctum.Api.Infrastructure.Realtime;

namespace Sanctum.Tests.Unit;

/// <summary>The socket envelopes of contract 12.2–12.4 and the bus message that carries them between replicas.</summary>
public sealed class RealtimeWireTests
{
    private static readonly DateTime At = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public void Notification_envelope_is_type_and_payload_only()
    {
        var frame = Parse(RealtimeFrames.Serialize(new RealtimeEvent("post_created", new PostCreatedEvent(7, 3, At), EventAudience.Everyone)));

        Assert.Equal(["type", "payload"], frame.EnumerateObject().Select(p => p.Name));
        Assert.Equal("post_created", frame.GetProperty("type").GetString());
        Assert.Equal(7, frame.GetProperty("payload").GetProperty("post_id").GetInt64());
        Assert.Equal(3, frame.GetProperty("payload").GetProperty("author_id").GetInt64());
        Assert.Equal("2026-01-02T03:04:05Z", frame.GetProperty("payload").GetProperty("created_at").GetString());
    }

    [Fact]
    public void Chat_envelope_always_carries_conversation_id_and_the_user_when_set()
    {
        var withUser = Parse(RealtimeFrames.Serialize(new RealtimeEvent("user_status", new UserStatusPayload("online", 4), EventAudience.EveryoneExcept(4))
        {
            Socket = SocketKind.Chat,
            UserId = 4,
        }));
        var bare = Parse(RealtimeFrames.Serialize(new RealtimeEvent("joined", null, EventAudience.User(4)) { Socket = SocketKind.Chat, ConversationId = 9 }));

        Assert.Equal(["type", "conversation_id", "user_id", "payload"], withUser.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, withUser.GetProperty("conversation_id").GetInt64());
        Assert.Equal("online", withUser.GetProperty("payload").GetProperty("status").GetString());
        Assert.Equal(["type", "conversation_id", "payload"], bare.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, bare.GetProperty("payload").ValueKind);
    }

    [Fact]
    public void Game_envelope_carries_room_id_when_set()
    {
        var frame = Parse(RealtimeFrames.Serialize(new RealtimeEvent("error", new SocketErrorPayload("room is full"), EventAudience.User(1))
        {
            Socket = SocketKind.Game,
            RoomId = 12,
        }));

        Assert.Equal("""{"type":"error","room_id":12,"payload":{"message":"room is full"}}""", frame.GetRawText());
    }

    [Theory]
    [MemberData(nameof(Audiences))]
    public void Bus_message_round_trips_origin_kind_audience_and_frame(EventAudience audience)
    {
        var frame = Encoding.UTF8.GetBytes("""{"type":"x","payload":{"text":"line\nbreak"}}""");

        var (channel, message) = Assert.Single(BusMessage.For("origin1", "chat", audience, frame));
        var decoded = BusMessage.Decode(message);

        Assert.NotNull(decoded);
        Assert.Equal("origin1", decoded.Origin);
        Assert.Equal("chat", decoded.Kind);
        Assert.Equal(audience, decoded.Audience);
        Assert.Equal(frame, decoded.Frame);
        var expected = audience switch
        {
            EventAudience.UserAudience user => $"notifications:user:{user.UserId}",
            EventAudience.ViewersAudience viewers => $"chat:conv:{viewers.ConversationId}",
            EventAudience.RoomAudience room => $"game:room:{room.RoomId}",
            _ => "notifications:broadcast",
        };
        Assert.Equal(expected, channel.ToString());
    }

    public static TheoryData<EventAudience> Audiences() =>
        [EventAudience.Everyone, EventAudience.Admins, EventAudience.User(42), EventAudience.EveryoneExcept(5), EventAudience.Viewers(77), EventAudience.Room(31)];

    [Fact]
    public void A_viewer_removal_travels_on_the_conversation_channel_behind_its_events()
    {
        var (channel, message) = BusMessage.ForUnview("o", conversationId: 77, userId: 9);
        var decoded = BusMessage.Decode(message);

        Assert.Equal("chat:conv:77", channel.ToString());
        Assert.NotNull(decoded);
        Assert.Equal(BusMessage.Unview, decoded.Kind);
        Assert.Equal(EventAudience.User(9), decoded.Audience);
        Assert.Equal("77", Encoding.ASCII.GetString(decoded.Frame));
    }

    [Fact]
    public void Viewing_ends_per_conversation_and_with_the_users_last_socket()
    {
        var viewers = new ConversationViewers();
        viewers.View(1, 10);
        viewers.View(1, 11);
        viewers.View(2, 10);
        viewers.View(2, 10);

        Assert.Equal([1, 2], viewers.Of(10));
        viewers.Leave(1, 10);
        Assert.Equal([2], viewers.Of(10));
        Assert.Equal([1], viewers.Of(11));
        viewers.LeaveAll(1);
        Assert.Empty(viewers.Of(11));
        Assert.Equal([2], viewers.Of(10));
    }

    [Fact]
    public void An_event_to_several_users_is_published_once_per_user_channel()
    {
        var messages = BusMessage.For("o", "notifications", EventAudience.Users([3, 8]), [1]).ToList();

        Assert.Equal(["notifications:user:3", "notifications:user:8"], messages.Select(m => m.Channel.ToString()));
        Assert.Equal([EventAudience.User(3), EventAudience.User(8)], messages.Select(m => BusMessage.Decode(m.Message)!.Audience));
    }

    [Theory]
    [InlineData("no header")]
    [InlineData("o\nchat\nsomeone\n{}")]
    [InlineData("o\nchat\nu:abc\n{}")]
    public void Malformed_bus_messages_are_refused(string message)
    {
        Assert.Null(BusMessage.Decode(Encoding.UTF8.GetBytes(message)));
    }

    private static JsonElement Parse(byte[] frame) => JsonDocument.Parse(frame).RootElement;
}
