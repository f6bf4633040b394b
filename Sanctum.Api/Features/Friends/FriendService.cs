using Sanctum.Api.Features.Blocks;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Events;

namespace Sanctum.Api.Features.Friends;

/// <summary>
/// Friends (contract 7, business rule 8, project decision 7): one row per pair whatever the direction; pending →
/// accepted; reject, cancel and remove delete the row; no request while a block stands either way. Every write
/// re-checks its precondition in its own statement, so a racing writer gets the contract's 404/409, never a 500.
/// </summary>
public sealed class FriendService(FriendStore store, BlockService blocks, UserService users, IRealtimeEvents events, TimeProvider clock)
{
    public async Task<IReadOnlyList<UserDto>> ListFriendsAsync(Caller caller, ListPageQuery query, CancellationToken cancellationToken)
    {
        var rows = await store.ListFriendsAsync(caller.UserId, Paging.Capped(query), cancellationToken);
        return rows.Select(row => row.ToDto(caller)).ToList();
    }

    public async Task<IReadOnlyList<FriendshipDto>> ListRequestsAsync(Caller caller, bool incoming, ListPageQuery query, CancellationToken cancellationToken)
    {
        var rows = await store.ListPendingAsync(caller.UserId, incoming, Paging.Capped(query), cancellationToken);
        return rows.Select(row => row.ToDto(caller)).ToList();
    }

    /// <summary>The rule that nobody befriends themselves; the route checks it before the rate limit, so it spends nothing.</summary>
    public static Error? RefuseSelfRequest(long callerId, long userId) =>
        callerId == userId ? Error.Validation("Cannot send friend request to yourself") : null;

    public async Task<Result<FriendshipDto>> SendRequestAsync(Caller caller, long userId, CancellationToken cancellationToken)
    {
        if (RefuseSelfRequest(caller.UserId, userId) is { } refused)
        {
            return refused;
        }
        if (await blocks.IsBlockedEitherWayAsync(caller.UserId, userId, cancellationToken))
        {
            return Error.Forbidden("Cannot send a friend request to this user");
        }
        var inserted = await store.InsertRequestAsync(caller.UserId, userId, cancellationToken);
        if (inserted.Violation == Violation.Duplicate)
        {
            return await ExistingConflictAsync(caller.UserId, userId, cancellationToken);
        }
        if (inserted.Value is not { } row)
        {
            // Refused inside the pair's lock: a block written since the check above, or no such user.
            return await blocks.IsBlockedEitherWayAsync(caller.UserId, userId, cancellationToken)
                ? Error.Forbidden("Cannot send a friend request to this user")
                : Error.NotFound("User", userId);
        }
        await PublishRequestedAsync(row, cancellationToken);
        return row.ToDto(caller);
    }

    /// <summary>Addressee only.</summary>
    public async Task<Result<FriendshipDto>> AcceptAsync(Caller caller, long requestId, CancellationToken cancellationToken)
    {
        var request = await store.FindAsync(requestId, cancellationToken);
        if (request is null)
        {
            return Error.NotFound("Friendship", requestId);
        }
        if (request.AddresseeId != caller.UserId)
        {
            return Error.Forbidden("You can only accept friend requests sent to you");
        }
        if (!request.IsPending || await store.AcceptAsync(requestId, cancellationToken) is not { } accepted)
        {
            return NotPending;
        }
        await PublishAcceptedAsync(accepted, cancellationToken);
        return accepted.ToDto(caller);
    }

    /// <summary>The addressee rejects, the requester cancels.</summary>
    public async Task<Result> RejectAsync(Caller caller, long requestId, CancellationToken cancellationToken)
    {
        var request = await store.FindAsync(requestId, cancellationToken);
        if (request is null)
        {
            return Error.NotFound("Friendship", requestId);
        }
        if (!request.Involves(caller.UserId))
        {
            return Error.Forbidden("You can only reject or cancel your own pending requests");
        }
        if (!request.IsPending || !await store.DeletePendingAsync(requestId, cancellationToken))
        {
            return NotPending;
        }
        await PublishClosedAsync(request, caller.UserId, cancellationToken);
        return Result.Ok;
    }

    public async Task<Result<FriendshipStatusDto>> StatusAsync(Caller caller, long userId, CancellationToken cancellationToken)
    {
        if ((await users.GetAsync(userId, caller, cancellationToken)).Error is { } missing)
        {
            return missing;
        }
        var row = userId == caller.UserId ? null : await store.FindPairAsync(caller.UserId, userId, cancellationToken);
        var status = row switch
        {
            null => FriendshipStatusDto.None,
            { IsPending: false } => FriendshipStatusDto.Friends,
            _ when row.RequesterId == caller.UserId => FriendshipStatusDto.PendingSent,
            _ => FriendshipStatusDto.PendingReceived,
        };
        return new FriendshipStatusDto(status, row?.Id ?? 0, row?.ToDto(caller));
    }

    public async Task<Result> RemoveAsync(Caller caller, long userId, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAcceptedAsync(caller.UserId, userId, cancellationToken))
        {
            // The original names no id here (contract 7).
            return Error.NotFound("Friendship", 0);
        }
        await PublishRemovedAsync(caller.UserId, userId, cancellationToken);
        return Result.Ok;
    }

    private static Error NotPending => Error.Conflict("Friend request is not pending");

    /// <summary>Which 409 a refused request gets, from the row the pair already has.</summary>
    private async Task<Error> ExistingConflictAsync(long callerId, long userId, CancellationToken cancellationToken) =>
        await store.FindPairAsync(callerId, userId, cancellationToken) switch
        {
            { IsPending: false } => Error.Conflict("You are already friends"),
            { } row when row.RequesterId != callerId => Error.Conflict("You already have a pending friend request from this user"),
            // Also when the row went away between the insert and this read: the request raced another write.
            _ => Error.Conflict("Friend request already sent"),
        };

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The one place <c>friend_request_received</c> and <c>friend_request_sent</c> are raised.</summary>
    private async Task PublishRequestedAsync(FriendshipRow row, CancellationToken cancellationToken)
    {
        await events.PublishAsync(new RealtimeEvent("friend_request_received",
            new FriendRequestReceivedEvent(row.Id, FriendUserSummary.Of(row.RequesterRow), row.CreatedAt), EventAudience.User(row.AddresseeId)), cancellationToken);
        await events.PublishAsync(new RealtimeEvent("friend_request_sent",
            new FriendRequestSentEvent(row.Id, FriendUserSummary.Of(row.AddresseeRow), row.CreatedAt), EventAudience.User(row.RequesterId)), cancellationToken);
    }

    /// <summary>The one place <c>friend_request_accepted</c> and <c>friend_added</c> are raised.</summary>
    private async Task PublishAcceptedAsync(FriendshipRow row, CancellationToken cancellationToken)
    {
        await events.PublishAsync(new RealtimeEvent("friend_request_accepted",
            new FriendAcceptedEvent(row.Id, FriendUserSummary.Of(row.AddresseeRow), row.UpdatedAt), EventAudience.User(row.RequesterId)), cancellationToken);
        await events.PublishAsync(new RealtimeEvent("friend_added",
            new FriendAcceptedEvent(row.Id, FriendUserSummary.Of(row.RequesterRow), row.UpdatedAt), EventAudience.User(row.AddresseeId)), cancellationToken);
    }

    /// <summary>The one place <c>friend_request_rejected</c> and <c>friend_request_cancelled</c> are raised.</summary>
    private async Task PublishClosedAsync(FriendshipRow request, long byUserId, CancellationToken cancellationToken)
    {
        var type = byUserId == request.RequesterId ? "friend_request_cancelled" : "friend_request_rejected";
        await events.PublishAsync(new RealtimeEvent(type, new FriendRequestClosedEvent(request.Id, byUserId, Now),
            EventAudience.Users([request.RequesterId, request.AddresseeId])), cancellationToken);
    }

    /// <summary>The one place <c>friend_removed</c> is raised: each side is told the other's id.</summary>
    private async Task PublishRemovedAsync(long userId, long otherUserId, CancellationToken cancellationToken)
    {
        var removedAt = Now;
        await events.PublishAsync(new RealtimeEvent("friend_removed", new FriendRemovedEvent(otherUserId, removedAt), EventAudience.User(userId)), cancellationToken);
        await events.PublishAsync(new RealtimeEvent("friend_removed", new FriendRemovedEvent(userId, removedAt), EventAudience.User(otherUserId)), cancellationToken);
    }
}
