using Dapper;
using Npgsql;
using Sanctum.Api.Features.Reports;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Admin;

/// <summary>SQL for the admin console's view of moderation_reports: lists with their users, resolution, ban requests.</summary>
public sealed class AdminReportStore(NpgsqlDataSource db)
{
    private const string ReportColumns = """
        r.id, r.reporter_id, r.target_type, r.target_id, r.reported_user_id, r.reason, r.details, r.status,
        r.resolved_by_user_id, r.resolved_at, r.resolution_note, r.created_at, r.updated_at
        """;

    /// <summary>Reports (from <c>r</c>) with their three users, one LEFT JOIN each: one query per page, no N+1.</summary>
    private static string WithUsers(string source) => $"""
        SELECT {ReportColumns}, rp.*, ru.*, rb.*
        FROM {source} r
        LEFT JOIN (SELECT {UserStore.Columns} FROM users u WHERE u.deleted_at IS NULL) rp ON rp.id = r.reporter_id
        LEFT JOIN (SELECT {UserStore.Columns} FROM users u WHERE u.deleted_at IS NULL) ru ON ru.id = r.reported_user_id
        LEFT JOIN (SELECT {UserStore.Columns} FROM users u WHERE u.deleted_at IS NULL) rb ON rb.id = r.resolved_by_user_id

        """;

    /// <summary>Newest first; a null filter matches everything (the (status, created_at DESC) index serves the status filter).</summary>
    public Task<IReadOnlyList<ModerationReportDto>> ListAsync(string? status, string? targetType, Page page, Caller viewer, CancellationToken cancellationToken)
    {
        var sql = WithUsers("moderation_reports") + """
            WHERE (@status::text IS NULL OR r.status = @status)
              AND (@targetType::text IS NULL OR r.target_type = @targetType)
            ORDER BY r.created_at DESC, r.id DESC
            LIMIT @limit OFFSET @offset
            """;
        return QueryAsync(sql, new { status, targetType, limit = page.Limit, offset = page.Offset }, viewer, cancellationToken);
    }

    /// <summary>The reports naming <paramref name="userId"/> as the reported user, newest first.</summary>
    public Task<IReadOnlyList<ModerationReportDto>> ListAgainstUserAsync(long userId, int limit, Caller viewer, CancellationToken cancellationToken)
    {
        var sql = WithUsers("moderation_reports") + """
            WHERE r.reported_user_id = @userId
            ORDER BY r.created_at DESC, r.id DESC
            LIMIT @limit
            """;
        return QueryAsync(sql, new { userId, limit }, viewer, cancellationToken);
    }

    /// <summary>
    /// Records a resolution in one statement: the row lock of the UPDATE serializes two admins resolving at once, so
    /// the row always holds one admin's status, resolver, note and time together (the last writer's), never a mix.
    /// Null when the report does not exist.
    /// </summary>
    public async Task<ModerationReportDto?> ResolveAsync(long id, string status, string note, long resolverId, Caller viewer, CancellationToken cancellationToken)
    {
        var sql = $"""
            WITH updated AS (
                UPDATE moderation_reports
                SET status = @status, resolved_by_user_id = @resolverId, resolved_at = NOW(), resolution_note = @note, updated_at = NOW()
                WHERE id = @id
                RETURNING *
            )
            {WithUsers("updated")}
            """;
        var rows = await QueryAsync(sql, new { id, status, note, resolverId }, viewer, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Open user reports grouped by reported user, most reported first, with each user (zero when gone).</summary>
    public Task<IReadOnlyList<AdminBanRequestDto>> ListBanRequestsAsync(Page page, Caller viewer, CancellationToken cancellationToken)
    {
        const string sql = $"""
            WITH agg AS (
                SELECT reported_user_id, COUNT(*) AS report_count, MAX(created_at) AS latest_report_at
                FROM moderation_reports
                WHERE status = 'open' AND target_type = 'user' AND reported_user_id IS NOT NULL
                GROUP BY reported_user_id
                ORDER BY report_count DESC, latest_report_at DESC, reported_user_id
                LIMIT @limit OFFSET @offset
            )
            SELECT agg.reported_user_id, agg.report_count, agg.latest_report_at, ru.*
            FROM agg
            LEFT JOIN (SELECT {UserStore.Columns} FROM users u WHERE u.deleted_at IS NULL) ru ON ru.id = agg.reported_user_id
            ORDER BY agg.report_count DESC, agg.latest_report_at DESC, agg.reported_user_id
            """;
        return db.QueryListAsync<BanRequestRow, UserRow, AdminBanRequestDto>(sql, new { limit = page.Limit, offset = page.Offset },
            (row, user) => new AdminBanRequestDto(row.ReportedUserId, row.ReportCount, row.LatestReportAt, user?.ToDto(viewer) ?? ZeroUser),
            splitOn: "id", cancellationToken);
    }

    /// <summary>Contract 0.6: a missing relation of a non-pointer struct shows as a zero object.</summary>
    private static readonly UserDto ZeroUser = new(0, "", "", "", "", false, false, null, null, null, default, default);

    private sealed record BanRequestRow(long ReportedUserId, long ReportCount, DateTime LatestReportAt);

    private async Task<IReadOnlyList<ModerationReportDto>> QueryAsync(string sql, object parameters, Caller viewer, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ModerationReportDto, UserRow, UserRow, UserRow, ModerationReportDto>(
            new CommandDefinition(sql, parameters, cancellationToken: cancellationToken),
            (report, reporter, reported, resolvedBy) => report with
            {
                Reporter = reporter?.ToDto(viewer),
                ReportedUser = reported?.ToDto(viewer),
                ResolvedByUser = resolvedBy?.ToDto(viewer),
            },
            splitOn: "id,id,id");
        return rows.AsList();
    }
}
