using FluentValidation;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Reports;

public static class ReportTargets
{
    public const string Post = "post";
    public const string Message = "message";
    public const string User = "user";
}

/// <summary>The ModerationReport object of contract 0.6. The nested users (<c>reporter</c>, <c>reported_user</c>,
/// <c>resolved_by_user</c>) are loaded by the admin console, in the admin's form; elsewhere (creation) they are not
/// loaded and so left out, as is a user that is gone.</summary>
public sealed record ModerationReportDto(
    long Id,
    long ReporterId,
    string TargetType,
    long TargetId,
    long? ReportedUserId,
    string Reason,
    string Details,
    string Status,
    long? ResolvedByUserId,
    DateTime? ResolvedAt,
    string ResolutionNote,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public UserDto? Reporter { get; init; }

    public UserDto? ReportedUser { get; init; }

    public UserDto? ResolvedByUser { get; init; }
}

/// <summary>The body of every report route (contract 8): <c>reason</c> required, both fields trimmed.</summary>
public sealed record ReportRequest(string? Reason, string? Details);

/// <summary>Payload of <c>moderation_report_created</c> (contract 12.2), sent to every admin.</summary>
public sealed record ModerationReportCreatedEvent(long Id, string TargetType, long TargetId, long? ReportedUserId, string Status, DateTime CreatedAt);

public sealed class ReportRequestValidator : AbstractValidator<ReportRequest>
{
    public const int MaxReason = 120;

    /// <summary>The column is TEXT; this cap is Sanctum's own, enough for a paragraph of context.</summary>
    public const int MaxDetails = 2000;

    public ReportRequestValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(request => request.Reason)
            .Must(reason => !string.IsNullOrWhiteSpace(reason)).WithMessage("reason is required")
            .Must(reason => TextRules.IsClean(reason!.Trim(), multiline: false)).WithMessage(TextRules.InvalidCharactersMessage("reason"))
            .Must(reason => reason!.Trim().Length <= MaxReason).WithMessage(TextRules.TooLongMessage("reason", MaxReason));
        RuleFor(request => request.Details)
            .Must(details => TextRules.IsClean(details?.Trim(), multiline: true)).WithMessage(TextRules.InvalidCharactersMessage("details"))
            .Must(details => details is null || details.Trim().Length <= MaxDetails).WithMessage(TextRules.TooLongMessage("details", MaxDetails));
    }
}
