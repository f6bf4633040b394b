using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Events;
using Sanctum.Api.Infrastructure.Realtime;

namespace Sanctum.Api.Features.Notifications;

/// <summary>Tells a user's friends when they come online or go offline (<c>friend_presence_changed</c>).</summary>
public sealed class FriendPresence(IFriendGraph friends, UserService users, IRealtimeEvents events, TimeProvider clock) : IPresenceObserver
{
    public async Task PresenceChangedAsync(long userId, bool online, CancellationToken cancellationToken)
    {
        var friendIds = await friends.FriendIdsAsync(userId, cancellationToken);
        if (friendIds.Count == 0 || (await users.GetCachedAsync(userId, viewer: null, cancellationToken)).Value is not { } user)
        {
            return;
        }
        await events.PublishAsync(new RealtimeEvent("friend_presence_changed",
            new FriendPresenceChanged(userId, user.Username, user.Avatar, online ? "online" : "offline", clock.GetUtcNow().UtcDateTime),
            EventAudience.Users(friendIds)), cancellationToken);
    }
}
