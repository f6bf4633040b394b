using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Features.Chatrooms;

/// <summary>
/// Mutes (room moderators) and chatroom moderators (sanctum owners/mods and admins) of contract 10. A mute means
/// "muted" while <c>muted_until</c> is NULL or in the future; the send path enforces it. Neither checks sanctum
/// membership, as the contract says.
/// </summary>
public sealed class ChatroomModerationService(
    ChatroomService rooms, ChatroomCapabilities capabilities, ChatroomModerationStore store, UserService users)
{
    public const string ModerationRequired = "Chatroom moderation access required";
    public const string ManagementRequired = "Chatroom moderator management access required";

    public async Task<Result<IReadOnlyList<ChatroomMuteDto>>> ListMutesAsync(
        Caller caller, long conversationId, ListPageQuery query, CancellationToken cancellationToken)
    {
        if (await AuthorizeAsync(caller, conversationId, manage: false, cancellationToken) is { } error)
        {
            return error;
        }
        return Result.Success(await store.ListMutesAsync(conversationId, Paging.Capped(query), caller, cancellationToken));
    }

    public async Task<Result> MuteAsync(Caller caller, long conversationId, long userId, MuteRequest request, CancellationToken cancellationToken)
    {
        if (await AuthorizeAsync(caller, conversationId, manage: false, cancellationToken) is { } error)
        {
            return error;
        }
        if ((await users.GetAsync(userId, caller, cancellationToken)).Error is { } missing)
        {
            return missing;
        }
        await store.UpsertMuteAsync(conversationId, userId, caller.UserId, request.TrimmedReason, request.Until, cancellationToken);
        return Result.Ok;
    }

    public async Task<Result> UnmuteAsync(Caller caller, long conversationId, long userId, CancellationToken cancellationToken)
    {
        if (await AuthorizeAsync(caller, conversationId, manage: false, cancellationToken) is { } error)
        {
            return error;
        }
        await store.DeleteMuteAsync(conversationId, userId, cancellationToken);
        return Result.Ok;
    }

    public async Task<Result<IReadOnlyList<ChatroomModeratorDto>>> ListModeratorsAsync(
        Caller caller, long conversationId, ListPageQuery query, CancellationToken cancellationToken)
    {
        if (await AuthorizeAsync(caller, conversationId, manage: true, cancellationToken) is { } error)
        {
            return error;
        }
        return Result.Success(await store.ListModeratorsAsync(conversationId, Paging.Capped(query), cancellationToken));
    }

    public async Task<Result<ChatroomModeratorDto>> GrantModeratorAsync(Caller caller, long conversationId, long userId, CancellationToken cancellationToken)
    {
        if (await AuthorizeAsync(caller, conversationId, manage: true, cancellationToken) is { } error)
        {
            return error;
        }
        if ((await users.GetAsync(userId, caller, cancellationToken)).Error is { } missing)
        {
            return missing;
        }
        return await store.GrantModeratorAsync(conversationId, userId, caller.UserId, cancellationToken);
    }

    public async Task<Result> RevokeModeratorAsync(Caller caller, long conversationId, long userId, CancellationToken cancellationToken)
    {
        if (await AuthorizeAsync(caller, conversationId, manage: true, cancellationToken) is { } error)
        {
            return error;
        }
        await store.RevokeModeratorAsync(conversationId, userId, cancellationToken);
        return Result.Ok;
    }

    /// <summary>The user's mutes in every room, expired included (admin console).</summary>
    public Task<IReadOnlyList<ChatroomMuteDto>> ListMutesOfUserAsync(long userId, int limit, Caller admin, CancellationToken cancellationToken) =>
        store.ListMutesOfUserAsync(userId, limit, admin, cancellationToken);

    /// <summary>404 for a room that is not one (see <see cref="ChatroomService.FindRoomAsync"/>), then 403 without the capability.</summary>
    private async Task<Error?> AuthorizeAsync(Caller caller, long conversationId, bool manage, CancellationToken cancellationToken)
    {
        if ((await rooms.FindRoomAsync(caller, conversationId, cancellationToken)).Error is { } missing)
        {
            return missing;
        }
        var granted = await capabilities.ForRoomAsync(caller, conversationId, cancellationToken);
        return manage
            ? granted.CanManageModerators ? null : Error.Forbidden(ManagementRequired)
            : granted.CanModerate ? null : Error.Forbidden(ModerationRequired);
    }
}
