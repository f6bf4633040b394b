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
    IRealtimeEvents events,
    ILogger<GameSocket> logger) : ISocketProtocol
{
    public SocketKind Kind => SocketKind.Game;

    public bool ReadsMessages => true;

    public async Task OnConnectedAsync(SocketConnection connection, CancellationToken cancellationToken)
    {
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
    /// Counted on this replica only, like the caps of contract 12.1 (no cross-replica socket counting): the user's last
    /// socket in the room here closing is "the creator disconnected" for a pending room, which the service cancels; the
    /// room's last socket here closing asks the service to abandon an active game nobody plays any more.
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
