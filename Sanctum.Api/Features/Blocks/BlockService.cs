namespace Sanctum.Api.Features.Blocks;

/// <summary>
/// Blocks (contract 8, project decision 7). The one place other features ask whether a block stands between two
/// users: friend requests (refused while a block exists either way) and, with chat, direct messages.
/// </summary>
public sealed class BlockService(BlockStore store)
{
    public Task<bool> IsBlockedEitherWayAsync(long userId, long otherUserId, CancellationToken cancellationToken) =>
        store.ExistsEitherWayAsync(userId, otherUserId, cancellationToken);
}
