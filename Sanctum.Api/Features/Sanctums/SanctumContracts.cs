using System.Text.Json.Serialization;
using FluentValidation;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Sanctums;

/// <summary>SanctumDTO of contract 0.6. Also the row shape the store reads (same column order).</summary>
public sealed record SanctumDto(
    long Id,
    string Name,
    string Slug,
    string Description,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? CreatedByUserId,
    string Status,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? DefaultChatRoomId);

/// <summary>SanctumMembershipDTO of contract 0.6.</summary>
public sealed record SanctumMembershipDto(long SanctumId, long UserId, string Role, DateTime CreatedAt, DateTime UpdatedAt, SanctumDto Sanctum);

/// <summary>A sanctum_memberships row (without its sanctum).</summary>
public sealed record SanctumMembershipRow(long SanctumId, long UserId, string Role, DateTime CreatedAt, DateTime UpdatedAt)
{
    public SanctumMembershipDto ToDto(SanctumDto sanctum) => new(SanctumId, UserId, Role, CreatedAt, UpdatedAt, sanctum);
}

/// <summary>SanctumAdminDTO of contract 0.6: an owner or mod membership with the member's name and email.</summary>
public sealed record SanctumAdminDto(long UserId, string Username, string Email, string Role, DateTime CreatedAt, DateTime UpdatedAt);

public static class SanctumRoles
{
    public const string Owner = "owner";
    public const string Mod = "mod";
    public const string Member = "member";
}

/// <summary><c>POST /api/sanctums/memberships/bulk</c>: the caller's complete follow list.</summary>
public sealed record BulkMembershipsRequest(IReadOnlyList<string?>? SanctumSlugs)
{
    /// <summary>Trimmed, lower-cased and de-duplicated, in first-seen order.</summary>
    public IReadOnlyList<string> NormalizedSlugs() =>
        (SanctumSlugs ?? []).Select(slug => (slug ?? "").Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
}

public sealed class BulkMembershipsRequestValidator : AbstractValidator<BulkMembershipsRequest>
{
    /// <summary>More than anyone follows; the list is replaced in one transaction, so it must stay small.</summary>
    public const int MaxSlugs = 100;

    /// <summary>Far above the 24 characters of a slug, so a near miss still gets the service's "invalid" message.</summary>
    public const int MaxSlugText = 100;

    public BulkMembershipsRequestValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(request => request.SanctumSlugs)
            .Must(slugs => slugs is { Count: > 0 }).WithMessage("sanctum_slugs is required")
            .Must(slugs => slugs!.Count <= MaxSlugs).WithMessage($"sanctum_slugs cannot contain more than {MaxSlugs} values")
            .Must(slugs => slugs!.All(slug => !string.IsNullOrWhiteSpace(slug))).WithMessage("sanctum_slugs cannot contain empty values")
            .ValidTextItems(MaxSlugText, "sanctum_slugs");
    }
}

