using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Features.Blocks;

/// <summary>
/// Blocks (contract 8, project decision 7). The one place other features ask whether a block stands between two
/// users: friend requests (refused while a block exists either way) and, with chat, direct messages.
/// </summary>
public sealed class BlockService(BlockStore store)
{
    public Task<bool> IsBlockedEitherWayAsync(long userId, long otherUserId, CancellationToken cancellationToken) =>
        store.ExistsEitherWayAsync(userId, otherUserId, cancellationToken);

    /// <summary>Blocks a user and cuts any friendship or request between the two (idempotent).</summary>
    public async Task<Result> BlockAsync(long blockerId, long blockedId, CancellationToken cancellationToken)
    {
        if (blockerId == blockedId)
        {
            return Error.Validation("cannot block yourself");
        }
        var outcome = await store.BlockAsync(blockerId, blockedId, cancellationToken);
        return outcome == Violation.MissingReference ? Error.NotFound("User", blockedId) : Result.Ok;
    }

    /// <summary>Removes the caller's block; no existence check, as the contract says (idempotent).</summary>
    public Task UnblockAsync(long blockerId, long blockedId, CancellationToken cancellationToken) =>
        store.UnblockAsync(blockerId, blockedId, cancellationToken);

    /// <summary>The caller's blocks, newest first, each with the blocked user as the caller may see them.</summary>
    public async Task<IReadOnlyList<UserBlockDto>> ListMineAsync(Caller caller, ListPageQuery query, CancellationToken cancellationToken)
    {
        var rows = await store.ListByBlockerAsync(caller.UserId, Paging.Capped(query), cancellationToken);
        return rows.Select(row => new UserBlockDto(row.Block.Id, row.Block.BlockerId, row.Block.BlockedId, row.Block.CreatedAt,
            Blocked: row.Blocked.ToDto(caller))).ToList();
    }
}
