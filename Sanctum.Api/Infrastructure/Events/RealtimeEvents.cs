namespace Sanctum.Api.Infrastructure.Events;

/// <summary>Who receives an event on the notifications socket (contract 12.2).</summary>
public abstract record EventAudience
{
    public static readonly EventAudience Everyone = new EveryoneAudience();
    public static readonly EventAudience Admins = new AdminsAudience();

    public static EventAudience User(long userId) => new UserAudience(userId);

    public sealed record EveryoneAudience : EventAudience;
    public sealed record AdminsAudience : EventAudience;
    public sealed record UserAudience(long UserId) : EventAudience;
}

/// <summary>An event with the contract's envelope: <c>{"type": ..., "payload": {...}}</c>.</summary>
public sealed record RealtimeEvent(string Type, object Payload, EventAudience Audience);

/// <summary>
/// Where services raise realtime events. Each event is raised in exactly one place in its service;
/// the WebSocket issue replaces the implementation with socket fan-out plus the Redis backplane.
/// </summary>
public interface IRealtimeEvents
{
    Task PublishAsync(RealtimeEvent @event, CancellationToken cancellationToken = default);

    /// <summary>Closes every open socket of the user on every replica (a ban); new handshakes are refused by auth.</summary>
    Task DisconnectUserAsync(long userId, CancellationToken cancellationToken = default);
}

/// <summary>Until the realtime layer exists, events are only logged (at debug) so they can be traced.</summary>
internal sealed class LoggedRealtimeEvents(ILogger<LoggedRealtimeEvents> logger) : IRealtimeEvents
{
    public Task PublishAsync(RealtimeEvent @event, CancellationToken cancellationToken = default)
    {
        logger.LogDebug("Realtime event {Type} for {Audience} raised; socket delivery arrives with the realtime layer", @event.Type, @event.Audience);
        return Task.CompletedTask;
    }

    public Task DisconnectUserAsync(long userId, CancellationToken cancellationToken = default)
    {
        logger.LogDebug("Sockets of user {UserId} to be closed; socket delivery arrives with the realtime layer", userId);
        return Task.CompletedTask;
    }
}
