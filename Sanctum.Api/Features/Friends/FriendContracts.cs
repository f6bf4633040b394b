using System.Text.Json.Serialization;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;

namespace Sanctum.Api.Features.Friends;

/// <summary>
/// The Friendship object of contract 0.6. The original web client reads a friend request as
/// <c>sender_id/receiver_id/sender/receiver</c> and the reply to a new request as <c>{message, request_id}</c>
/// (contract 19, item 30), so those names are sent too, with the same values as the contract's names.
/// </summary>
public sealed record FriendshipDto(
    long Id,
    long RequesterId,
    long AddresseeId,
    string Status,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    UserDto Requester,
    UserDto Addressee)
{
    public long SenderId => RequesterId;
    public long ReceiverId => AddresseeId;
    public UserDto Sender => Requester;
    public UserDto Receiver => Addressee;
    public long RequestId => Id;
}

/// <summary>A friendships row with both users, as the store reads it.</summary>
public sealed class FriendshipRow
{
    public const string Pending = "pending";
    public const string Accepted = "accepted";

    public long Id { get; init; }
    public long RequesterId { get; init; }
    public long AddresseeId { get; init; }
    public string Status { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public UserRow? Requester { get; set; }
    public UserRow? Addressee { get; set; }

    public bool IsPending => Status == Pending;

    public bool Involves(long userId) => RequesterId == userId || AddresseeId == userId;

    /// <summary>The friendship with both users in the form <paramref name="viewer"/> may see.</summary>
    public FriendshipDto ToDto(Caller viewer) => new(Id, RequesterId, AddresseeId, Status, CreatedAt, UpdatedAt,
        RequesterRow.ToDto(viewer), AddresseeRow.ToDto(viewer));

    public UserRow RequesterRow => Requester ?? throw new InvalidOperationException($"Friendship {Id} was read without its requester.");
    public UserRow AddresseeRow => Addressee ?? throw new InvalidOperationException($"Friendship {Id} was read without its addressee.");
}

/// <summary><c>GET /api/friends/status/:userId</c>: <c>friendship</c> is written as <c>null</c> when there is none.</summary>
public sealed record FriendshipStatusDto(
    string Status,
    long RequestId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] FriendshipDto? Friendship)
{
    public const string None = "none";
    public const string Friends = "friends";
    public const string PendingSent = "pending_sent";
    public const string PendingReceived = "pending_received";
}

/// <summary>The user summary of events (contract 0.6): always public.</summary>
public sealed record FriendUserSummary(long Id, string Username, string Avatar)
{
    public static FriendUserSummary Of(UserRow user) => new(user.Id, user.Username, user.Avatar);
}

/// <summary>Payload of <c>friend_request_received</c>, to the addressee.</summary>
public sealed record FriendRequestReceivedEvent(long RequestId, FriendUserSummary FromUser, DateTime CreatedAt);

/// <summary>Payload of <c>friend_request_sent</c>, to the requester.</summary>
public sealed record FriendRequestSentEvent(long RequestId, FriendUserSummary ToUser, DateTime CreatedAt);

/// <summary>Payload of <c>friend_request_accepted</c> (to the requester) and <c>friend_added</c> (to the addressee):
/// <c>friend_user</c> is the other side.</summary>
public sealed record FriendAcceptedEvent(long RequestId, FriendUserSummary FriendUser, DateTime CreatedAt);

/// <summary>Payload of <c>friend_request_rejected</c> and <c>friend_request_cancelled</c>, to both users.</summary>
public sealed record FriendRequestClosedEvent(long RequestId, long ByUserId, DateTime RejectedAt);

/// <summary>Payload of <c>friend_removed</c>: <c>user_id</c> is the recipient's former friend.</summary>
public sealed record FriendRemovedEvent(long UserId, DateTime RemovedAt);
