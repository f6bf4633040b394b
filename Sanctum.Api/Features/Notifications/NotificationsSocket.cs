using Sanctum.Api.Infrastructure.Events;
using Sanctum.Api.Infrastructure.Realtime;

namespace Sanctum.Api.Features.Notifications;

/// <summary><c>/api/ws</c> (contract 12.2): server to client only; opens with the friends who are online.</summary>
public sealed class NotificationsSocket(IFriendGraph friends, Presence presence) : ISocketProtocol
{
    public SocketKind Kind => SocketKind.Notifications;

    public bool ReadsMessages => false;

    public async Task OnConnectedAsync(SocketConnection connection, CancellationToken cancellationToken)
    {
        var friendIds = await friends.FriendIdsAsync(connection.UserId, cancellationToken);
        var online = friendIds.Count == 0 ? [] : (await presence.OnlineUsersAsync()).Intersect(friendIds).ToList();
        connection.Send(RealtimeFrames.Serialize(new RealtimeEvent("friends_online_snapshot", new FriendsOnlineSnapshot(online),
            EventAudience.User(connection.UserId))));
    }

    public Task OnMessageAsync(SocketConnection connection, ReadOnlyMemory<byte> message, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task OnDisconnectedAsync(SocketConnection connection) => Task.CompletedTask;
}
