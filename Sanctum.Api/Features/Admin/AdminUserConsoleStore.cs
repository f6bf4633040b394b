using Npgsql;
using Sanctum.Api.Features.Blocks;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Admin;

/// <summary>SQL for the admin console's user search and the blocks of its user detail.</summary>
public sealed class AdminUserConsoleStore(NpgsqlDataSource db)
{
    /// <summary>
    /// Users whose username or email contains <paramref name="q"/> (case-insensitive, taken literally: <c>%</c>,
    /// <c>_</c> and <c>\</c> are escaped), by id. An empty query lists everyone. No index serves a substring match on
    /// users (no migration in this change): a scan of the users table, bounded by the admin_read budget.
    /// </summary>
    public Task<IReadOnlyList<UserRow>> SearchAsync(string q, Page page, CancellationToken cancellationToken)
    {
        const string sql = $"""
            SELECT {UserStore.Columns} FROM users u
            WHERE u.deleted_at IS NULL
              AND (@q = '' OR u.username ILIKE @pattern ESCAPE '\' OR u.email ILIKE @pattern ESCAPE '\')
            ORDER BY u.id
            LIMIT @limit OFFSET @offset
            """;
        var pattern = "%" + SqlLike.Escape(q) + "%";
        return db.QueryListAsync<UserRow>(sql, new { q, pattern, limit = page.Limit, offset = page.Offset }, cancellationToken);
    }

    /// <summary>The blocks <paramref name="userId"/> made (<paramref name="given"/>) or received, newest first, with both users.</summary>
    public Task<IReadOnlyList<UserBlockDto>> ListBlocksAsync(long userId, bool given, int limit, Caller viewer, CancellationToken cancellationToken)
    {
        // Two statements rather than a column name in the SQL text: each uses its own (…_id, created_at DESC) index.
        const string givenSql = $"{BlocksWithUsers} WHERE b.blocker_id = @userId ORDER BY b.created_at DESC, b.id DESC LIMIT @limit";
        const string receivedSql = $"{BlocksWithUsers} WHERE b.blocked_id = @userId ORDER BY b.created_at DESC, b.id DESC LIMIT @limit";
        return db.QueryListAsync<UserBlockRow, UserRow, UserRow, UserBlockDto>(given ? givenSql : receivedSql, new { userId, limit },
            (block, blocker, blocked) => new UserBlockDto(block.Id, block.BlockerId, block.BlockedId, block.CreatedAt,
                blocker?.ToDto(viewer), blocked?.ToDto(viewer)),
            splitOn: "id,id", cancellationToken);
    }

    private const string BlocksWithUsers = $"""
        SELECT b.id, b.blocker_id, b.blocked_id, b.created_at, br.*, bd.*
        FROM user_blocks b
        LEFT JOIN (SELECT {UserStore.Columns} FROM users u WHERE u.deleted_at IS NULL) br ON br.id = b.blocker_id
        LEFT JOIN (SELECT {UserStore.Columns} FROM users u WHERE u.deleted_at IS NULL) bd ON bd.id = b.blocked_id
        """;
}
