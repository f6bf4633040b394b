namespace Sanctum.Api.Features.Notifications;

/// <summary>Payload of <c>friends_online_snapshot</c>, the first frame of every notifications socket.</summary>
public sealed record FriendsOnlineSnapshot(IReadOnlyList<long> UserIds);

/// <summary>Payload of <c>friend_presence_changed</c>, to each accepted friend.</summary>
public sealed record FriendPresenceChanged(long UserId, string Username, string Avatar, string Status, DateTime UpdatedAt);
