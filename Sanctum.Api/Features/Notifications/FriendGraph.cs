namespace Sanctum.Api.Features.Notifications;

/// <summary>
/// Whom a user's presence concerns (contract 12.2: <c>friends_online_snapshot</c>, <c>friend_presence_changed</c>).
/// Implemented by the friends feature (<c>Features/Friends/FriendGraph.cs</c>).
/// </summary>
public interface IFriendGraph
{
    Task<IReadOnlyList<long>> FriendIdsAsync(long userId, CancellationToken cancellationToken);
}
