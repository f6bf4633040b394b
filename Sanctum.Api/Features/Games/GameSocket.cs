using System.Collections.Concurrent;
using Sanctum.Api.Infrastructure.Events;
using Sanctum.Api.Infrastructure.Realtime;

namespace Sanctum.Api.Features.Games;

/// <summary>
/// <c>/api/ws/game?room_id=</c> (contract 12.4). The host has already applied the room caps (two users a room on each
/// replica, a reconnect replacing the user's old socket, the rooms-per-process limit). A socket that opens on an active
/// or finished room gets its <c>game_state</c> (a reconnecting player sees the board). Client frames
/// (<see cref="GameFrames"/>): <c>join_room</c> and <c>make_move</c> go to <see cref="IGameplay"/>, which decides under
/// the room's lock and raises <c>game_started</c>/<c>game_state</c> to the room on every replica; <c>chat</c> is echoed
/// to the room's sockets, the sender's included. A refusal or a malformed frame gets an <c>error</c> frame on this socket
/// only; nothing here throws out of <see cref="OnMessageAsync"/>, so the connection stays open and the room's other
/// sockets never notice.
/// </summary>
public sealed class GameSocket(
    SocketRegistry registry,
    IGameplay gameplay,
    GameService games,
    IRealtimeEvents events,
    IHostApplicationLifetime lifetime,
    ILogger<GameSocket> logger) : ISocketProtocol
{
    /// <summary>How long an active room stays without any socket on this replica before it counts as abandoned, so a
    /// player who reloads the page (both at once, even) is back in time.</summary>
    public static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(10);

    /// <summary>The users who have had a socket in each room on this replica since the room last had none here.</summary>
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<long, byte>> _seen = new();

    public SocketKind Kind => SocketKind.Game;

    public bool ReadsMessages => true;

    public async Task OnConnectedAsync(SocketConnection connection, CancellationToken cancellationToken)
    {
        _seen.GetOrAdd(connection.RoomId, _ => new())[connection.UserId] = 0;
        try
        {
            if (await gameplay.CurrentStateAsync(connection.RoomId, cancellationToken) is { } state)
            {
                connection.Send(RealtimeFrames.Serialize(new RealtimeEvent("game_state", state, EventAudience.User(connection.UserId))
                {
                    Socket = SocketKind.Game,
                    RoomId = connection.RoomId,
                }));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away during the handshake.
        }
        catch (Exception ex)
        {
            // A dependency failed: the socket says so and stays open (a later move brings the board).
            logger.LogError(ex, "Game state for user {UserId} joining room {RoomId} failed", connection.UserId, connection.RoomId);
            connection.Send(GameFrames.Error(connection.UserId, connection.RoomId, GameFrames.InternalError));
        }
    }

    public async Task OnMessageAsync(SocketConnection connection, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var (parsed, error) = GameFrames.Parse(message.Span);
        if (error is not null)
        {
            connection.Send(GameFrames.Error(connection.UserId, connection.RoomId, error));
            return;
        }
        if (parsed is not { } request)
        {
            return;
        }
        try
        {
            var refusal = request.Type switch
            {
                GameFrames.JoinRoom => (await gameplay.JoinAsync(connection.UserId, connection.RoomId, cancellationToken)).Error?.Message,
                GameFrames.MakeMove => (await gameplay.MoveAsync(connection.UserId, connection.RoomId, request.Payload!.Value, cancellationToken)).Error?.Message,
                _ => await ChatAsync(connection, request, cancellationToken),
            };
            if (refusal is not null)
            {
                connection.Send(GameFrames.Error(connection.UserId, connection.RoomId, refusal));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The connection ended while the frame was handled.
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Game frame {Type} of user {UserId} in room {RoomId} failed", request.Type, connection.UserId, connection.RoomId);
            connection.Send(GameFrames.Error(connection.UserId, connection.RoomId, GameFrames.InternalError));
        }
    }

    /// <summary>
    /// Sockets are counted on this replica only, like the caps of contract 12.1 (there is no cross-replica socket count).
    /// The user's last socket in the room here closing is "the creator disconnected" for a pending room, which the
    /// service cancels (a creator who still has a socket on the room on another replica loses the pending room all the
    /// same, as with one process). The room's last socket here closing starts the abandon check: see
    /// <see cref="AbandonLaterAsync"/>.
    /// </summary>
    public async Task OnDisconnectedAsync(SocketConnection connection)
    {
        var left = registry.InRoom(connection.RoomId);
        if (left.Any(other => other.UserId == connection.UserId))
        {
            return;
        }
        try
        {
            await gameplay.CreatorLeftAsync(connection.UserId, connection.RoomId, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Closing room {RoomId} after user {UserId} left failed", connection.RoomId, connection.UserId);
        }
        if (left.Length == 0 && _seen.TryRemove(connection.RoomId, out var seen))
        {
            _ = AbandonLaterAsync(connection.RoomId, seen);
        }
    }

    /// <summary>
    /// An ACTIVE game whose two players have both gone is cancelled without stats (<see cref="GameService.AbandonIfEmptyAsync"/>,
    /// which raises <c>game_cancelled</c>). Decided on this replica alone, on the safe side: only when BOTH players had
    /// their sockets in the room here, none is back after <see cref="AbandonGrace"/>, and the room is still active. Two
    /// players on different replicas therefore never abandon a game by leaving (each replica saw one of them only): such
    /// a room stays active until a player leaves it over REST, which changes no stats either. A player who comes back on
    /// another replica within the grace, while the other stays away, does not keep the room.
    /// </summary>
    private async Task AbandonLaterAsync(long roomId, ConcurrentDictionary<long, byte> seen)
    {
        try
        {
            await Task.Delay(AbandonGrace, lifetime.ApplicationStopping);
            if (registry.InRoom(roomId).Length > 0)
            {
                // Someone is back here: they count with those seen before, for the next time the room empties.
                var current = _seen.GetOrAdd(roomId, _ => new());
                foreach (var userId in seen.Keys)
                {
                    current.TryAdd(userId, 0);
                }
                return;
            }
            await games.AbandonIfEmptyAsync(roomId, [.. seen.Keys], lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Shutting down: the room stays as it is.
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Abandon check of game room {RoomId} failed", roomId);
        }
    }

    /// <summary>The sender's frame echoed to every socket of the room on every replica, with the socket's user and room.</summary>
    private async Task<string?> ChatAsync(SocketConnection connection, GameRequest request, CancellationToken cancellationToken)
    {
        var payload = GameFrames.ChatPayload(request.Payload, connection.Username);
        await events.PublishAsync(new RealtimeEvent(GameFrames.Chat, payload, EventAudience.Room(connection.RoomId))
        {
            Socket = SocketKind.Game,
            RoomId = connection.RoomId,
            UserId = connection.UserId,
        }, cancellationToken);
        return null;
    }
}
