using Sanctum.Api.Infrastructure.Events;
using Sanctum.Api.Infrastructure.Realtime;

namespace Sanctum.Api.Features.Chat;

/// <summary>Payload of the chat socket's <c>connected</c> frame.</summary>
public sealed record ChatConnectedPayload(long UserId, string Username);

/// <summary>Payload of <c>connected_users</c>: every other online user, platform-wide.</summary>
public sealed record ConnectedUsersPayload(IReadOnlyList<long> UserIds);

/// <summary>
/// <c>/api/ws/chat</c> (contract 12.3). Opens with <c>connected</c> and, when anyone else is online, <c>connected_users</c>.
/// The client frames (<c>join</c>, <c>leave</c>, <c>typing</c>, <c>message</c>, <c>read</c>) arrive in
/// <see cref="OnMessageAsync"/> and are built by the chat issue; until then they are ignored, as the contract does
/// with unknown types.
/// </summary>
public sealed class ChatSocket(Presence presence, SocketRegistry registry, ConversationViewers viewers) : ISocketProtocol
{
    public SocketKind Kind => SocketKind.Chat;

    public bool ReadsMessages => true;

    public async Task OnConnectedAsync(SocketConnection connection, CancellationToken cancellationToken)
    {
        connection.Send(RealtimeFrames.Serialize(Frame(connection, "connected", new ChatConnectedPayload(connection.UserId, connection.Username))));
        var others = (await presence.OnlineUsersAsync()).Where(userId => userId != connection.UserId).ToList();
        if (others.Count > 0)
        {
            connection.Send(RealtimeFrames.Serialize(Frame(connection, "connected_users", new ConnectedUsersPayload(others))));
        }
    }

    public Task OnMessageAsync(SocketConnection connection, ReadOnlyMemory<byte> message, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Viewing belongs to the user on this replica: it ends with their last chat socket here.</summary>
    public Task OnDisconnectedAsync(SocketConnection connection)
    {
        if (registry.ForUser(SocketKind.Chat, connection.UserId).Length == 0)
        {
            viewers.LeaveAll(connection.UserId);
        }
        return Task.CompletedTask;
    }

    private static RealtimeEvent Frame(SocketConnection connection, string type, object payload) =>
        new(type, payload, EventAudience.User(connection.UserId))
        {
            Socket = SocketKind.Chat,
            UserId = connection.UserId,
            Username = connection.Username,
        };
}
