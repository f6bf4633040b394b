using Sanctum.Api.Infrastructure.Events;

namespace Sanctum.Api.Infrastructure.Realtime;

/// <summary>Hands a serialized frame to the sockets of its audience on this replica. Never waits on a client.</summary>
public sealed class LocalDelivery(SocketRegistry registry, ConversationViewers viewers)
{
    public void Deliver(SocketKind kind, EventAudience audience, byte[] frame)
    {
        switch (audience)
        {
            case EventAudience.UserAudience user:
                SendAll(registry.ForUser(kind, user.UserId), frame);
                break;
            case EventAudience.UsersAudience users:
                foreach (var userId in users.UserIds)
                {
                    SendAll(registry.ForUser(kind, userId), frame);
                }
                break;
            case EventAudience.ViewersAudience conversation:
                foreach (var userId in viewers.Of(conversation.ConversationId))
                {
                    SendAll(registry.ForUser(kind, userId), frame);
                }
                break;
            case EventAudience.RoomAudience room:
                SendAll(registry.InRoom(room.RoomId), frame);
                break;
            case EventAudience.AdminsAudience:
                foreach (var connection in registry.All(kind))
                {
                    if (connection.IsAdmin)
                    {
                        connection.Send(frame);
                    }
                }
                break;
            case EventAudience.EveryoneExceptAudience except:
                foreach (var connection in registry.All(kind))
                {
                    if (connection.UserId != except.UserId)
                    {
                        connection.Send(frame);
                    }
                }
                break;
            default:
                foreach (var connection in registry.All(kind))
                {
                    connection.Send(frame);
                }
                break;
        }
    }

    private static void SendAll(SocketConnection[] connections, byte[] frame)
    {
        foreach (var connection in connections)
        {
            connection.Send(frame);
        }
    }
}
