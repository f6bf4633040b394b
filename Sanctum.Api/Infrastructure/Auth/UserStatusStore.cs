using Npgsql;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Infrastructure.Auth;

public sealed record UserStatus(string Username, bool IsAdmin, bool IsBanned);

/// <summary>The read behind the ban check and the admin gate (a primary-key lookup). Authenticated requests reach it
/// through <see cref="UserStatusCache"/>, only when the user's status version has changed; a refresh reads it directly.</summary>
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
