using Npgsql;
using Sanctum.Tests.TestSupport;

namespace Sanctum.Tests.Admin;

/// <summary>Arranging moderation rows directly (the user report route belongs to another slice of the issue).</summary>
public static class ConsoleTestData
{
    /// <summary>A report inserted as it would be filed; <paramref name="createdAt"/> defaults to now.</summary>
    public static Task<long> InsertReportAsync(this SanctumAppFixture app, long reporterId, string targetType, long targetId,
        long? reportedUserId, string status = "open", DateTime? createdAt = null, string reason = "arranged") =>
        app.ScalarAsync<long>("""
            INSERT INTO moderation_reports (reporter_id, target_type, target_id, reported_user_id, reason, status, created_at, updated_at)
            VALUES (@reporter, @type, @target, @reported, @reason, @status, COALESCE(@at, NOW()), COALESCE(@at, NOW()))
            RETURNING id
            """,
            new NpgsqlParameter("reporter", reporterId), new NpgsqlParameter("type", targetType), new NpgsqlParameter("target", targetId),
            new NpgsqlParameter("reported", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = (object?)reportedUserId ?? DBNull.Value },
            new NpgsqlParameter("reason", reason), new NpgsqlParameter("status", status),
            new NpgsqlParameter("at", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)createdAt ?? DBNull.Value });

    public static Task<long> InsertBlockAsync(this SanctumAppFixture app, long blockerId, long blockedId) =>
        app.ScalarAsync<long>("INSERT INTO user_blocks (blocker_id, blocked_id) VALUES (@blocker, @blocked) RETURNING id",
            new NpgsqlParameter("blocker", blockerId), new NpgsqlParameter("blocked", blockedId));

    public static async Task<JsonElement> GetOkAsync(this TestUser admin, string path) =>
        await (await admin.Client.GetAsync(path)).ExpectJsonAsync(HttpStatusCode.OK);

    public static JsonElement Single(this JsonElement array, long id) =>
        Assert.Single(array.EnumerateArray(), item => item.GetProperty("id").GetInt64() == id);
}
