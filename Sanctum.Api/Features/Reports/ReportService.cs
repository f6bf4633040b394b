using Sanctum.Api.Infrastructure.Events;

namespace Sanctum.Api.Features.Reports;

/// <summary>
/// Files moderation reports for any target (contract 8). The caller's feature has already found the target and
/// its user. No duplicate detection, self-reports allowed, as in the original. Every admin is told.
/// </summary>
public sealed class ReportService(ReportStore store, IRealtimeEvents events)
{
    public async Task<ModerationReportDto> CreateAsync(
        long reporterId, string targetType, long targetId, long? reportedUserId, ReportRequest request, CancellationToken cancellationToken)
    {
        var report = await store.InsertAsync(reporterId, targetType, targetId, reportedUserId,
            request.Reason?.Trim() ?? "", request.Details?.Trim() ?? "", cancellationToken);
        await events.PublishAsync(new RealtimeEvent("moderation_report_created",
            new ModerationReportCreatedEvent(report.Id, report.TargetType, report.TargetId, report.ReportedUserId, report.Status, report.CreatedAt),
            EventAudience.Admins), cancellationToken);
        return report;
    }
}
