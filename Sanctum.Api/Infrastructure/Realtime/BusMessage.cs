using System.Globalization;
using System.Text;
using Sanctum.Api.Infrastructure.Events;
using StackExchange.Redis;

namespace Sanctum.Api.Infrastructure.Realtime;

/// <summary>
/// What one replica publishes for the others (contract 16.2). Channels: <c>notifications:user:&lt;id&gt;</c> for an event
/// to one user (an event to a set of users is published once per user), <c>chat:conv:&lt;id&gt;</c> for an event to a
/// conversation's viewers and for a viewer's removal (one channel, so the removal keeps its place among the
/// conversation's events), <c>game:room:&lt;id&gt;</c> for an event to a game room's sockets,
/// <c>notifications:broadcast</c> for everything else. The message is four header lines and
/// the frame, sent as the sockets will receive it: <c>origin \n kind \n audience \n</c> then the UTF-8 frame, where
/// origin is the publishing process (it skips its own messages: it has already delivered locally), kind is the socket
/// kind, <c>disconnect</c> (empty frame) or <c>unview</c> (the frame is the conversation id), and audience is <c>*</c>, <c>admins</c>,
/// <c>u:&lt;id&gt;</c>, <c>x:&lt;id&gt;</c> (everyone except), <c>c:&lt;id&gt;</c> (a conversation's viewers) or
/// <c>r:&lt;id&gt;</c> (a game room).
/// </summary>
public sealed record BusMessage(string Origin, string Kind, EventAudience Audience, byte[] Frame)
{
    public const string Disconnect = "disconnect";

    /// <summary>A user stops viewing a conversation: audience <c>u:&lt;user&gt;</c>, on the conversation's channel.</summary>
    public const string Unview = "unview";

    public static readonly RedisChannel[] Subscriptions =
        [RedisChannel.Pattern("notifications:*"), RedisChannel.Pattern("chat:conv:*"), RedisChannel.Pattern("game:room:*")];

    private static readonly RedisChannel Broadcast = RedisChannel.Literal("notifications:broadcast");

    private static RedisChannel UserChannel(long userId) => RedisChannel.Literal($"notifications:user:{userId}");

    private static RedisChannel ConversationChannel(long conversationId) => RedisChannel.Literal($"chat:conv:{conversationId}");

    private static RedisChannel RoomChannel(long roomId) => RedisChannel.Literal($"game:room:{roomId}");

    public static string KindName(SocketKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The messages that carry an event to its audience, one per channel.</summary>
    public static IEnumerable<(RedisChannel Channel, byte[] Message)> For(string origin, string kind, EventAudience audience, byte[] frame) => audience switch
    {
        EventAudience.UserAudience user => [(UserChannel(user.UserId), Encode(origin, kind, audience, frame))],
        EventAudience.UsersAudience users => users.UserIds.Select(id =>
        {
            var one = EventAudience.User(id);
            return (UserChannel(id), Encode(origin, kind, one, frame));
        }),
        EventAudience.ViewersAudience viewers => [(ConversationChannel(viewers.ConversationId), Encode(origin, kind, audience, frame))],
        EventAudience.RoomAudience room => [(RoomChannel(room.RoomId), Encode(origin, kind, audience, frame))],
        _ => [(Broadcast, Encode(origin, kind, audience, frame))],
    };

    /// <summary>The message that ends a user's viewing of a conversation on the other replicas; the frame carries the
    /// conversation id.</summary>
    public static (RedisChannel Channel, byte[] Message) ForUnview(string origin, long conversationId, long userId) =>
        (ConversationChannel(conversationId),
         Encode(origin, Unview, EventAudience.User(userId), Encoding.ASCII.GetBytes(conversationId.ToString(CultureInfo.InvariantCulture))));

    public static BusMessage? Decode(byte[] message)
    {
        var lines = new string[3];
        var start = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var end = Array.IndexOf(message, (byte)'\n', start);
            if (end < 0)
            {
                return null;
            }
            lines[i] = Encoding.UTF8.GetString(message, start, end - start);
            start = end + 1;
        }
        var audience = ParseAudience(lines[2]);
        return audience is null ? null : new BusMessage(lines[0], lines[1], audience, message[start..]);
    }

    private static byte[] Encode(string origin, string kind, EventAudience audience, byte[] frame)
    {
        var header = Encoding.UTF8.GetBytes($"{origin}\n{kind}\n{FormatAudience(audience)}\n");
        return [.. header, .. frame];
    }

    private static string FormatAudience(EventAudience audience) => audience switch
    {
        EventAudience.AdminsAudience => "admins",
        EventAudience.UserAudience user => $"u:{user.UserId.ToString(CultureInfo.InvariantCulture)}",
        EventAudience.EveryoneExceptAudience except => $"x:{except.UserId.ToString(CultureInfo.InvariantCulture)}",
        EventAudience.ViewersAudience viewers => $"c:{viewers.ConversationId.ToString(CultureInfo.InvariantCulture)}",
        EventAudience.RoomAudience room => $"r:{room.RoomId.ToString(CultureInfo.InvariantCulture)}",
        _ => "*",
    };

    private static EventAudience? ParseAudience(string text) => text switch
    {
        "*" => EventAudience.Everyone,
        "admins" => EventAudience.Admins,
        _ when text.StartsWith("u:", StringComparison.Ordinal) && long.TryParse(text.AsSpan(2), CultureInfo.InvariantCulture, out var user) => EventAudience.User(user),
        _ when text.StartsWith("x:", StringComparison.Ordinal) && long.TryParse(text.AsSpan(2), CultureInfo.InvariantCulture, out var except) => EventAudience.EveryoneExcept(except),
        _ when text.StartsWith("c:", StringComparison.Ordinal) && long.TryParse(text.AsSpan(2), CultureInfo.InvariantCulture, out var conversation) => EventAudience.Viewers(conversation),
        _ when text.StartsWith("r:", StringComparison.Ordinal) && long.TryParse(text.AsSpan(2), CultureInfo.InvariantCulture, out var room) => EventAudience.Room(room),
        _ => null,
    };
}
