using Sanctum.Api.Infrastructure.Events;
using Sanctum.Api.Infrastructure.Realtime;

namespace Sanctum.Api.Features.Games;

/// <summary>
/// <c>/api/ws/game?room_id=</c> (contract 12.4). The host has already applied the room caps (two users a room, a
/// reconnect replacing the user's old socket, the rooms-per-process limit). The client frames (<c>join_room</c>,
/// <c>make_move</c>, <c>chat</c>) arrive in <see cref="OnMessageAsync"/> and are built by the games issue; until then
/// they are ignored, as the contract does with unknown types.
/// </summary>
public sealed class GameSocket : ISocketProtocol
{
    public SocketKind Kind => SocketKind.Game;

    public bool ReadsMessages => true;

    public Task OnConnectedAsync(SocketConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task OnMessageAsync(SocketConnection connection, ReadOnlyMemory<byte> message, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task OnDisconnectedAsync(SocketConnection connection) => Task.CompletedTask;
}
