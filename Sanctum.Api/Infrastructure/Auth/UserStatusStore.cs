using Npgsql;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Infrastructure.Auth;

public sealed record UserStatus(string Username, bool IsAdmin, bool IsBanned);

/// <summary>The per-request read behind the ban check and the admin gate (a primary-key lookup).</summary>
public sealed class UserStatusStore(NpgsqlDataSource db)
{
    public async Task<UserStatus?> FindAsync(long userId, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT username, is_admin, is_banned FROM users WHERE id = @userId AND deleted_at IS NULL
            """;
        return await db.QuerySingleOrDefaultAsync<UserStatus>(sql, new { userId }, cancellationToken);
    }
}
