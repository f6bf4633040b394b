using Sanctum.Api.Features.Conversations;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Events;

namespace Sanctum.Api.Features.Reports;

/// <summary>
/// Files moderation reports for any target (contract 8). The caller's feature has already found the target and
/// its user. No duplicate detection, self-reports allowed, as in the original. Every admin is told.
/// </summary>
public sealed class ReportService(ReportStore store, ConversationAccess conversations, IRealtimeEvents events)
{
    /// <summary>Reports a message (contract 8, 9): the caller must participate in the conversation, and the message must be
    /// in it and not deleted (404 "Message with ID n not found"); the report names the sender as its reported user.</summary>
    public async Task<Result<ModerationReportDto>> ReportMessageAsync(
        Caller caller, long conversationId, long messageId, ReportRequest request, CancellationToken cancellationToken)
    {
        var message = await conversations.AuthorizeMessageAsync(caller, conversationId, messageId, cancellationToken);
        return message.Error is { } denied
            ? denied
            : await CreateAsync(caller.UserId, ReportTargets.Message, messageId, message.Value, request, cancellationToken);
    }

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
