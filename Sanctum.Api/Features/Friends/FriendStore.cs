using Dapper;
using Npgsql;
using Sanctum.Api.Features.Blocks;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Friends;

/// <summary>
/// SQL for friendships: one row per unordered pair (index uq_friendships_pair), so every lookup by pair goes
/// through LEAST/GREATEST and every list by user is a UNION ALL of the requester and addressee indexes.
/// </summary>
public sealed class FriendStore(NpgsqlDataSource db)
{
    private const string PairIndex = "uq_friendships_pair";
    private const string OrderedPairConstraint = "uq_friendships_requester_addressee";

    /// <summary>A friendship <c>f</c> with its requester <c>r</c> and addressee <c>a</c> (live users only).</summary>
    private const string WithUsers = $"""
        CROSS JOIN LATERAL (SELECT {UserStore.Columns} FROM users u WHERE u.id = f.requester_id AND u.deleted_at IS NULL) r
        CROSS JOIN LATERAL (SELECT {UserStore.Columns} FROM users u WHERE u.id = f.addressee_id AND u.deleted_at IS NULL) a
        """;

    private const string Select = "SELECT f.id, f.requester_id, f.addressee_id, f.status, f.created_at, f.updated_at, r.*, a.*";

    /// <summary>The user's accepted friends, most recent friendship first.</summary>
    public async Task<IReadOnlyList<UserRow>> ListFriendsAsync(long userId, Page page, CancellationToken cancellationToken)
    {
        const string sql = $"""
            WITH mine AS (
                SELECT id, addressee_id AS friend_id, created_at FROM friendships WHERE requester_id = @userId AND status = 'accepted'
                UNION ALL
                SELECT id, requester_id, created_at FROM friendships WHERE addressee_id = @userId AND status = 'accepted')
            SELECT {UserStore.Columns}
            FROM mine m JOIN users u ON u.id = m.friend_id AND u.deleted_at IS NULL
            ORDER BY m.created_at DESC, m.id DESC
            LIMIT @limit OFFSET @offset
            """;
        return await db.QueryListAsync<UserRow>(sql, new { userId, limit = page.Limit, offset = page.Offset }, cancellationToken);
    }

    /// <summary>The accepted friends' ids (presence).</summary>
    public async Task<IReadOnlyList<long>> FriendIdsAsync(long userId, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT addressee_id FROM friendships WHERE requester_id = @userId AND status = 'accepted'
            UNION ALL
            SELECT requester_id FROM friendships WHERE addressee_id = @userId AND status = 'accepted'
            """;
        return await db.QueryListAsync<long>(sql, new { userId }, cancellationToken);
    }

    /// <summary>Pending requests to (<paramref name="incoming"/>) or from the user, newest first.</summary>
    public Task<IReadOnlyList<FriendshipRow>> ListPendingAsync(long userId, bool incoming, Page page, CancellationToken cancellationToken)
    {
        const string incomingSql = $"""
            {Select} FROM friendships f {WithUsers}
            WHERE f.addressee_id = @userId AND f.status = 'pending'
            ORDER BY f.created_at DESC, f.id DESC LIMIT @limit OFFSET @offset
            """;
        const string outgoingSql = $"""
            {Select} FROM friendships f {WithUsers}
            WHERE f.requester_id = @userId AND f.status = 'pending'
            ORDER BY f.created_at DESC, f.id DESC LIMIT @limit OFFSET @offset
            """;
        return QueryAsync(incoming ? incomingSql : outgoingSql, new { userId, limit = page.Limit, offset = page.Offset }, cancellationToken);
    }

    public async Task<FriendshipRow?> FindAsync(long id, CancellationToken cancellationToken)
    {
        const string sql = $"{Select} FROM friendships f {WithUsers} WHERE f.id = @id";
        return Single(await QueryAsync(sql, new { id }, cancellationToken));
    }

    /// <summary>The one row between the two users, whichever asked.</summary>
    public async Task<FriendshipRow?> FindPairAsync(long userId, long otherUserId, CancellationToken cancellationToken)
    {
        const string sql = $"""
            {Select} FROM friendships f {WithUsers}
            WHERE LEAST(f.requester_id, f.addressee_id) = LEAST(@userId::bigint, @otherUserId::bigint)
              AND GREATEST(f.requester_id, f.addressee_id) = GREATEST(@userId::bigint, @otherUserId::bigint)
            """;
        return Single(await QueryAsync(sql, new { userId, otherUserId }, cancellationToken));
    }

    /// <summary>
    /// A pending request from <paramref name="requesterId"/> to a live <paramref name="addresseeId"/> with no block
    /// between them: null when the addressee does not exist or a block stands either way, <see cref="Violation.Duplicate"/>
    /// when the pair already has a row (either direction; two users asking each other at once meet here, and only one
    /// row is made). It holds the pair's lock (<see cref="BlockStore.PairLockSql"/>) for its transaction, as a block
    /// does, so a block and a request between the same two users run one after the other: a request can never slip
    /// in beside a block that is being written.
    /// </summary>
    public async Task<WriteOutcome<FriendshipRow?>> InsertRequestAsync(long requesterId, long addresseeId, CancellationToken cancellationToken)
    {
        const string sql = $"""
            WITH f AS (
                INSERT INTO friendships (requester_id, addressee_id)
                SELECT @requesterId, u.id FROM users u
                WHERE u.id = @addresseeId AND u.deleted_at IS NULL
                  AND NOT EXISTS (
                      SELECT 1 FROM user_blocks
                      WHERE (blocker_id = @requesterId AND blocked_id = @addresseeId)
                         OR (blocker_id = @addresseeId AND blocked_id = @requesterId))
                RETURNING *)
            {Select} FROM f {WithUsers}
            """;
        try
        {
            await using var connection = await db.OpenConnectionAsync(cancellationToken);
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(BlockStore.PairLockSql, new { a = requesterId, b = addresseeId }, tx,
                cancellationToken: cancellationToken));
            var rows = await connection.QueryAsync<FriendshipRow, UserRow, UserRow, FriendshipRow>(
                new CommandDefinition(sql, new { requesterId, addresseeId }, tx, cancellationToken: cancellationToken),
                MapUsers, splitOn: "id,id");
            await tx.CommitAsync(cancellationToken);
            return rows.FirstOrDefault();
        }
        catch (PostgresException ex) when (ex.IsUniqueViolationOf(PairIndex) || ex.IsUniqueViolationOf(OrderedPairConstraint))
        {
            return Violation.Duplicate;
        }
    }

    /// <summary>Accepts the request if it is still pending; null otherwise.</summary>
    public async Task<FriendshipRow?> AcceptAsync(long id, CancellationToken cancellationToken)
    {
        const string sql = $"""
            WITH f AS (
                UPDATE friendships SET status = 'accepted', updated_at = NOW()
                WHERE id = @id AND status = 'pending'
                RETURNING *)
            {Select} FROM f {WithUsers}
            """;
        return Single(await QueryAsync(sql, new { id }, cancellationToken));
    }

    /// <summary>Deletes the request if it is still pending.</summary>
    public async Task<bool> DeletePendingAsync(long id, CancellationToken cancellationToken)
    {
        const string sql = "DELETE FROM friendships WHERE id = @id AND status = 'pending'";
        return await db.ExecuteAsync(sql, new { id }, cancellationToken) > 0;
    }

    /// <summary>Deletes the accepted friendship between the two users; false when there is none.</summary>
    public async Task<bool> DeleteAcceptedAsync(long userId, long otherUserId, CancellationToken cancellationToken)
    {
        const string sql = """
            DELETE FROM friendships
            WHERE LEAST(requester_id, addressee_id) = LEAST(@userId::bigint, @otherUserId::bigint)
              AND GREATEST(requester_id, addressee_id) = GREATEST(@userId::bigint, @otherUserId::bigint)
              AND status = 'accepted'
            """;
        return await db.ExecuteAsync(sql, new { userId, otherUserId }, cancellationToken) > 0;
    }

    private static FriendshipRow? Single(IReadOnlyList<FriendshipRow> rows) => rows.Count == 0 ? null : rows[0];

    private Task<IReadOnlyList<FriendshipRow>> QueryAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        db.QueryListAsync<FriendshipRow, UserRow, UserRow, FriendshipRow>(sql, parameters, MapUsers, splitOn: "id,id", cancellationToken);

    private static FriendshipRow MapUsers(FriendshipRow friendship, UserRow requester, UserRow addressee)
    {
        friendship.Requester = requester;
        friendship.Addressee = addressee;
        return friendship;
    }
}
