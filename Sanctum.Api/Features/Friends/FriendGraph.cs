using Sanctum.Api.Features.Notifications;

namespace Sanctum.Api.Features.Friends;

/// <summary>Accepted friends for presence (<c>friends_online_snapshot</c>, <c>friend_presence_changed</c>). Not cached:
/// one indexed query per connect or presence change, and a cache would need invalidating on every accept and remove.</summary>
public sealed class FriendGraph(FriendStore store) : IFriendGraph
{
    public Task<IReadOnlyList<long>> FriendIdsAsync(long userId, CancellationToken cancellationToken) =>
        store.FriendIdsAsync(userId, cancellationToken);
}
