namespace Sanctum.Api.Features.Notifications;

/// <summary>
/// Whom a user's presence concerns (contract 12.2: <c>friends_online_snapshot</c>, <c>friend_presence_changed</c>).
/// The friends feature registers the real graph; until it exists nobody has friends.
/// </summary>
public interface IFriendGraph
{
    Task<IReadOnlyList<long>> FriendIdsAsync(long userId, CancellationToken cancellationToken);
}

internal sealed class NoFriendGraph : IFriendGraph
{
    public Task<IReadOnlyList<long>> FriendIdsAsync(long userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<long>>([]);
}
