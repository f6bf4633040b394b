using System.Text.Json.Serialization;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Sanctum.Api.Features.Blocks;
using Sanctum.Api.Features.Chatrooms;
using Sanctum.Api.Features.Reports;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Admin;

/// <summary>One row of <c>GET /api/admin/ban-requests</c>. <c>user</c> is always present (contract 0.6: a zero User
/// when the reported user is gone).</summary>
public sealed record AdminBanRequestDto(long ReportedUserId, long ReportCount, DateTime LatestReportAt, UserDto User);

/// <summary>
/// <c>GET /api/admin/users/:id</c>. <c>active_mutes</c> is every chatroom mute of the user (contract 10), expired
/// included, newest first, each with its room. <c>warnings</c> is never sent.
/// </summary>
public sealed record AdminUserDetailResponse(
    UserDto User,
    IReadOnlyList<ModerationReportDto> Reports,
    IReadOnlyList<ChatroomMuteDto> ActiveMutes,
    IReadOnlyList<UserBlockDto> BlocksGiven,
    IReadOnlyList<UserBlockDto> BlocksReceived);

/// <summary><c>GET /api/admin/feature-flags</c>: the configured values and what they give the calling admin.</summary>
public sealed record FeatureFlagsResponse(IReadOnlyDictionary<string, string> Raw, IReadOnlyDictionary<string, bool> Evaluated);

/// <summary><c>GET /api/admin/reports</c>: exact-match filters (contract 13), empty meaning none.</summary>
public sealed record AdminReportListQuery(string? Status, [FromQuery(Name = "target_type")] string? TargetType, QueryInt? Limit = null, QueryInt? Offset = null);

/// <summary><c>GET /api/admin/ban-requests</c>: paging numbers only, nothing to validate.</summary>
public sealed record AdminBanRequestListQuery(QueryInt? Limit = null, QueryInt? Offset = null);

/// <summary><c>GET /api/admin/users</c>: <c>q</c> is a literal, case-insensitive substring of username or email.</summary>
public sealed record AdminUserSearchQuery(string? Q, QueryInt? Limit = null, QueryInt? Offset = null)
{
    public const int MaxQueryLength = 64;
}

/// <summary><c>POST /api/admin/reports/:id/resolve</c>: status case-insensitive and trimmed, the note trimmed.</summary>
public sealed record ResolveReportRequest(string? Status, string? ResolutionNote)
{
    /// <summary>The column is TEXT; this cap is Sanctum's own, the same as a report's details.</summary>
    public const int MaxNoteLength = 2000;

    public static readonly IReadOnlySet<string> Outcomes = new HashSet<string>(StringComparer.Ordinal) { "resolved", "dismissed" };

    [JsonIgnore]
    public string NormalizedStatus => (Status ?? "").Trim().ToLowerInvariant();

    [JsonIgnore]
    public string TrimmedNote => (ResolutionNote ?? "").Trim();
}

public static class AdminConsolePaging
{
    /// <summary>Contract 0.5: admin reports, ban-requests and users default to 100.</summary>
    public const int DefaultLimit = 100;

    /// <summary>Contract 0.5: the admin user detail's sublists are hard-capped at 200.</summary>
    public const int DetailCap = 200;
}

public sealed class AdminReportListQueryValidator : AbstractValidator<AdminReportListQuery>
{
    /// <summary>Both columns are VARCHAR(20).</summary>
    public AdminReportListQueryValidator()
    {
        RuleFor(query => query.Status).ValidText(20, "status");
        RuleFor(query => query.TargetType).ValidText(20, "target_type").OverridePropertyName("target_type");
    }
}

public sealed class AdminUserSearchQueryValidator : AbstractValidator<AdminUserSearchQuery>
{
    public AdminUserSearchQueryValidator() =>
        RuleFor(query => query.Q)
            .ValidText(AdminUserSearchQuery.MaxQueryLength, "q",
                tooLongMessage: $"Search query too long (max {AdminUserSearchQuery.MaxQueryLength} characters)")
            .OverridePropertyName("q");
}

public sealed class ResolveReportRequestValidator : AbstractValidator<ResolveReportRequest>
{
    public ResolveReportRequestValidator()
    {
        RuleFor(request => request.NormalizedStatus)
            .Must(ResolveReportRequest.Outcomes.Contains).WithMessage("status must be resolved or dismissed")
            .OverridePropertyName("status");
        RuleFor(request => request.TrimmedNote)
            .ValidText(ResolveReportRequest.MaxNoteLength, "resolution_note", multiline: true)
            .OverridePropertyName("resolution_note");
    }
}
