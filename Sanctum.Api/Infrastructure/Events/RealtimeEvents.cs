namespace Sanctum.Api.Infrastructure.Events;

/// <summary>The three sockets of contract 12, each with its own envelope.</summary>
public enum SocketKind
{
    /// <summary><c>/api/ws</c>: <c>{"type","payload"}</c>.</summary>
    Notifications,

    /// <summary><c>/api/ws/chat</c>: <c>{"type","conversation_id","user_id"?,"username"?,"payload"}</c>.</summary>
    Chat,

    /// <summary><c>/api/ws/game?room_id=</c>: <c>{"type","room_id"?,"user_id"?,"payload"}</c>.</summary>
    Game,
}

/// <summary>Who receives an event, among the sockets of the event's kind on every replica.</summary>
public abstract record EventAudience
{
    public static readonly EventAudience Everyone = new EveryoneAudience();
    public static readonly EventAudience Admins = new AdminsAudience();

    public static EventAudience User(long userId) => new UserAudience(userId);

    public static EventAudience Users(IReadOnlyCollection<long> userIds) => new UsersAudience(userIds);

    /// <summary>Everyone but the subject of the event (presence: <c>user_status</c>).</summary>
    public static EventAudience EveryoneExcept(long userId) => new EveryoneExceptAudience(userId);

    /// <summary>The viewers of a conversation (contract 12.3): on each replica, the users who sent <c>join</c> for it on a
    /// chat socket there, on every chat socket they have on that replica.</summary>
    public static EventAudience Viewers(long conversationId) => new ViewersAudience(conversationId);

    /// <summary>The sockets of a game room (contract 12.4), on every replica.</summary>
    public static EventAudience Room(long roomId) => new RoomAudience(roomId);

    public sealed record EveryoneAudience : EventAudience;
    public sealed record AdminsAudience : EventAudience;
    public sealed record UserAudience(long UserId) : EventAudience;
    public sealed record UsersAudience(IReadOnlyCollection<long> UserIds) : EventAudience;
    public sealed record EveryoneExceptAudience(long UserId) : EventAudience;
    public sealed record ViewersAudience(long ConversationId) : EventAudience;
    public sealed record RoomAudience(long RoomId) : EventAudience;
}

/// <summary>
/// An event for the sockets of <see cref="Socket"/>: <see cref="Type"/> and <see cref="Payload"/> form the envelope,
/// and the chat and game envelopes add their top-level members. The payload's runtime type must be registered in
/// <c>SanctumJsonContext</c>.
/// </summary>
public sealed record RealtimeEvent(string Type, object? Payload, EventAudience Audience)
{
    public SocketKind Socket { get; init; } = SocketKind.Notifications;

    /// <summary>Chat envelope: always written (0 when the event concerns no conversation).</summary>
    public long ConversationId { get; init; }

    /// <summary>Chat and game envelopes: written when set.</summary>
    public long? UserId { get; init; }

    /// <summary>Chat envelope: written when set.</summary>
    public string? Username { get; init; }

    /// <summary>Game envelope: written when set.</summary>
    public long? RoomId { get; init; }
}

/// <summary>
/// Where services raise realtime events, after the write they announce has committed. The implementation
/// (<c>Infrastructure/Realtime/RealtimeBus</c>) delivers to this replica's sockets and carries the event to every
/// other replica through Redis pub/sub, so each socket of the audience receives it once.
/// </summary>
public interface IRealtimeEvents
{
    Task PublishAsync(RealtimeEvent @event, CancellationToken cancellationToken = default);

    /// <summary>Closes every open socket of the user on every replica (a ban); new handshakes are refused by auth.</summary>
    Task DisconnectUserAsync(long userId, CancellationToken cancellationToken = default);

    /// <summary>The user stops viewing the conversation on every replica (they left it or were removed), after the
    /// events already raised for its viewers: a removed participant gets nothing raised after the removal.</summary>
    Task StopViewingAsync(long conversationId, long userId, CancellationToken cancellationToken = default);
}
