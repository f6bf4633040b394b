using Npgsql;
using Sanctum.Api.Infrastructure.Auth;

namespace Sanctum.Tests.TestSupport;

/// <summary>
/// Each API replica keeps a user's status (username, admin and ban flags) in memory while the user's status version in
/// Redis stands (<see cref="UserStatusCache"/>); the API's own writes renew the version. A test that changes those
/// columns straight in SQL must drop the version as well, or a replica that served the user before goes on with the
/// old status for up to <see cref="UserStatusCache.EntryLifetime"/>.
/// </summary>
public static class UserStatusVersions
{
    /// <summary>Runs <paramref name="sql"/> (a write to the user's row) and drops the user's status version, as the
    /// API's writes do, so every replica reads the row again on the user's next request.</summary>
    public static async Task<int> UpdateUserStatusAsync(this SanctumAppFixture fixture, long userId, string sql, params NpgsqlParameter[] parameters)
    {
        var rows = await fixture.ExecuteSqlAsync(sql, parameters);
        await fixture.Redis.GetDatabase().KeyDeleteAsync(UserStatusCache.VersionKey(userId));
        return rows;
    }
}
