using Npgsql;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Reports;

/// <summary>SQL for moderation_reports.</summary>
public sealed class ReportStore(NpgsqlDataSource db)
{
    public async Task<ModerationReportDto> InsertAsync(
        long reporterId, string targetType, long targetId, long? reportedUserId, string reason, string details, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO moderation_reports (reporter_id, target_type, target_id, reported_user_id, reason, details)
            VALUES (@reporterId, @targetType, @targetId, @reportedUserId, @reason, @details)
            RETURNING id, reporter_id, target_type, target_id, reported_user_id, reason, details, status,
                      resolved_by_user_id, resolved_at, resolution_note, created_at, updated_at
            """;
        return await db.QuerySingleAsync<ModerationReportDto>(sql,
            new { reporterId, targetType, targetId, reportedUserId, reason, details }, cancellationToken);
    }
}
