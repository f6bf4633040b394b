using System.Text.Json.Serialization;
using FluentValidation;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Sanctums;

/// <summary>The SanctumRequest object of contract 0.6. The embedded users are omitted when not loaded;
/// <c>reviewed_by_user_id</c> is always present.</summary>
public sealed record SanctumRequestDto(
    long Id,
    string RequestedName,
    string RequestedSlug,
    string Reason,
    long RequestedByUserId,
    UserDto? RequestedByUser,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? ReviewedByUserId,
    UserDto? ReviewedByUser,
    string ReviewNotes,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    /// <summary>The request with its embedded users as <paramref name="viewer"/> may see them.</summary>
    public SanctumRequestDto VisibleTo(Caller viewer) =>
        this with { RequestedByUser = RequestedByUser?.VisibleTo(viewer), ReviewedByUser = ReviewedByUser?.VisibleTo(viewer) };
}

/// <summary>A sanctum_requests row as the store reads it (column order of <see cref="SanctumRequestStore.Columns"/>).</summary>
public sealed record SanctumRequestRow(
    long Id,
    string RequestedName,
    string RequestedSlug,
    string Reason,
    long RequestedByUserId,
    string Status,
    long? ReviewedByUserId,
    string ReviewNotes,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    /// <summary>With the embedded users in their full form; the service makes the viewer's form.</summary>
    public SanctumRequestDto ToDto(UserRow? requester = null, UserRow? reviewer = null) =>
        new(Id, RequestedName, RequestedSlug, Reason, RequestedByUserId, requester?.ToDto(), Status,
            ReviewedByUserId, reviewer?.ToDto(), ReviewNotes, CreatedAt, UpdatedAt);
}

public static class SanctumRequestStatuses
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";

    public static readonly IReadOnlyList<string> All = [Pending, Approved, Rejected];
}

/// <summary><c>POST /api/sanctums/requests</c>. Every field is trimmed before it is checked and stored.</summary>
public sealed record CreateSanctumRequestRequest(string? RequestedName, string? RequestedSlug, string? Reason)
{
    public const int MaxNameLength = 120;

    /// <summary>The column is TEXT; this cap is Sanctum's own, so a request stays readable in the admin console.</summary>
    public const int MaxReasonLength = 1000;

    [JsonIgnore]
    public string Name => (RequestedName ?? "").Trim();

    [JsonIgnore]
    public string Slug => (RequestedSlug ?? "").Trim();

    [JsonIgnore]
    public string TrimmedReason => (Reason ?? "").Trim();
}

/// <summary>The optional body of approve and reject; the notes are trimmed.</summary>
public sealed record ReviewSanctumRequestRequest(string? ReviewNotes)
{
    public const int MaxNotesLength = 1000;

    [JsonIgnore]
    public string Notes => (ReviewNotes ?? "").Trim();
}

/// <summary><c>GET /api/admin/sanctum-requests</c>: <c>status</c> defaults to pending; paged up to the list cap.</summary>
public sealed record SanctumRequestListQuery(string? Status, QueryInt? Limit = null, QueryInt? Offset = null);

/// <summary>200 body of approve: the reviewed request and the new sanctum.</summary>
public sealed record ApproveSanctumRequestResponse(SanctumRequestDto Request, SanctumDto Sanctum);

/// <summary><c>sanctum_request_created</c> payload (contract 12.2); <c>requested_by_user</c> is the requester's id.</summary>
public sealed record SanctumRequestCreatedEvent(long Id, string RequestedName, string RequestedSlug, long RequestedByUser, string Status, DateTime CreatedAt);

/// <summary><c>sanctum_request_reviewed</c> payload (contract 12.2), sent to the requester only.</summary>
public sealed record SanctumRequestReviewedEvent(long Id, string Status, DateTime UpdatedAt);

public sealed class CreateSanctumRequestRequestValidator : AbstractValidator<CreateSanctumRequestRequest>
{
    public CreateSanctumRequestRequestValidator()
    {
        // One problem at a time, in the original's order; lengths are checked before anything reaches the database.
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(request => request)
            .Must(request => request.Name.Length > 0 && request.TrimmedReason.Length > 0)
            .WithMessage("requested_name, requested_slug, and reason are required")
            .OverridePropertyName("request");
        RuleFor(request => request.Slug)
            .Must(slug => SanctumSlugRules.Check(slug) is null)
            .WithMessage(request => SanctumSlugRules.Check(request.Slug)!)
            .OverridePropertyName("requested_slug");
        RuleFor(request => request.Name)
            .ValidText(CreateSanctumRequestRequest.MaxNameLength, "requested_name",
                tooLongMessage: $"requested_name must not exceed {CreateSanctumRequestRequest.MaxNameLength} characters")
            .OverridePropertyName("requested_name");
        RuleFor(request => request.TrimmedReason)
            .ValidText(CreateSanctumRequestRequest.MaxReasonLength, "reason", multiline: true,
                tooLongMessage: $"reason must not exceed {CreateSanctumRequestRequest.MaxReasonLength} characters")
            .OverridePropertyName("reason");
    }
}

/// <summary>The notes are checked as they are stored: trimmed.</summary>
public sealed class ReviewSanctumRequestRequestValidator : AbstractValidator<ReviewSanctumRequestRequest>
{
    public ReviewSanctumRequestRequestValidator() =>
        RuleFor(request => request.Notes)
            .ValidText(ReviewSanctumRequestRequest.MaxNotesLength, "review_notes", multiline: true,
                tooLongMessage: $"review_notes must not exceed {ReviewSanctumRequestRequest.MaxNotesLength} characters")
            .OverridePropertyName("review_notes");
}

public sealed class SanctumRequestListQueryValidator : AbstractValidator<SanctumRequestListQuery>
{
    public SanctumRequestListQueryValidator() =>
        RuleFor(query => query.Status)
            .Must(status => string.IsNullOrEmpty(status) || SanctumRequestStatuses.All.Contains(status))
            .WithMessage("status must be one of: pending, approved, rejected");
}
