using Npgsql;
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
}
