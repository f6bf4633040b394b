using Dapper;
using Npgsql;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Blocks;

/// <summary>SQL for user_blocks.</summary>
public sealed class BlockStore(NpgsqlDataSource db)
{
    /// <summary>Whether either user has blocked the other (one indexed probe per direction).</summary>
    public async Task<bool> ExistsEitherWayAsync(long userId, long otherUserId, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT EXISTS (
                SELECT 1 FROM user_blocks
                WHERE (blocker_id = @userId AND blocked_id = @otherUserId)
                   OR (blocker_id = @otherUserId AND blocked_id = @userId))
            """;
        return await db.QuerySingleAsync<bool>(sql, new { userId, otherUserId }, cancellationToken);
    }

    /// <summary>
    /// The transaction lock every writer of the social graph between two users takes first (a block here; a friend
    /// request should too): one key per unordered pair (<c>@a</c>, <c>@b</c>), so a block and a friend request between
    /// the same two users run one after the other and neither decides on a snapshot the other is about to change.
    /// A hash collision between two pairs only serializes them.
    /// </summary>
    public const string PairLockSql =
        "SELECT pg_advisory_xact_lock(hashtextextended('social-pair:' || LEAST(@a, @b) || ':' || GREATEST(@a, @b), 0))";

    /// <summary>
    /// Blocks <paramref name="blockedId"/> and, in the same transaction, deletes any friendship or pending request
    /// between the two in either direction (project decision 7). Idempotent: an existing block is kept, and the
    /// friendship delete still runs. <see cref="Violation.MissingReference"/> (nothing written) when the target does
    /// not exist or is deleted, also when it is deleted between the probe and the insert.
    /// </summary>
    public async Task<Violation> BlockAsync(long blockerId, long blockedId, CancellationToken cancellationToken)
    {
        // A separate statement after the pair lock, so that under READ COMMITTED its snapshot includes a friendship
        // committed by a writer that held the lock before us. The pair predicate matches uq_friendships_pair.
        const string sql = """
            WITH target AS (
                SELECT id FROM users WHERE id = @blockedId AND deleted_at IS NULL
            ), inserted AS (
                INSERT INTO user_blocks (blocker_id, blocked_id)
                SELECT @blockerId, id FROM target
                ON CONFLICT (blocker_id, blocked_id) DO NOTHING
                RETURNING id
            ), unfriended AS (
                DELETE FROM friendships
                WHERE LEAST(requester_id, addressee_id) = LEAST(@blockerId, @blockedId)
                  AND GREATEST(requester_id, addressee_id) = GREATEST(@blockerId, @blockedId)
                  AND EXISTS (SELECT 1 FROM target)
                RETURNING id
            )
            SELECT EXISTS (SELECT 1 FROM target)
            """;
        try
        {
            await using var connection = await db.OpenConnectionAsync(cancellationToken);
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(PairLockSql, new { a = blockerId, b = blockedId }, tx, cancellationToken: cancellationToken));
            var found = await connection.QuerySingleAsync<bool>(new CommandDefinition(sql, new { blockerId, blockedId }, tx, cancellationToken: cancellationToken));
            if (!found)
            {
                return Violation.MissingReference;
            }
            await tx.CommitAsync(cancellationToken);
            return Violation.None;
        }
        catch (PostgresException ex) when (ex.IsForeignKeyViolation())
        {
            return Violation.MissingReference;
        }
    }

    /// <summary>Removes the caller's block of <paramref name="blockedId"/>, if any.</summary>
    public Task<int> UnblockAsync(long blockerId, long blockedId, CancellationToken cancellationToken)
    {
        const string sql = "DELETE FROM user_blocks WHERE blocker_id = @blockerId AND blocked_id = @blockedId";
        return db.ExecuteAsync(sql, new { blockerId, blockedId }, cancellationToken);
    }

    /// <summary>The blocks <paramref name="blockerId"/> made, newest first, each with its blocked user in one query
    /// (idx_user_blocks_blocker_created). Blocks of deleted users are not listed.</summary>
    public Task<IReadOnlyList<(UserBlockRow Block, UserRow Blocked)>> ListByBlockerAsync(long blockerId, Page page, CancellationToken cancellationToken)
    {
        const string sql = $"""
            SELECT b.id, b.blocker_id, b.blocked_id, b.created_at, {UserStore.Columns}
            FROM user_blocks b JOIN users u ON u.id = b.blocked_id AND u.deleted_at IS NULL
            WHERE b.blocker_id = @blockerId
            ORDER BY b.created_at DESC, b.id DESC
            LIMIT @limit OFFSET @offset
            """;
        return db.QueryListAsync<UserBlockRow, UserRow, (UserBlockRow, UserRow)>(sql,
            new { blockerId, limit = page.Limit, offset = page.Offset },
            static (block, user) => (block, user), splitOn: "id", cancellationToken);
    }
}
