using System.Text.Json.Serialization;
using FluentValidation;
using Sanctum.Api.Features.Auth;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Users;

/// <summary>The User object of contract 0.6, in its full form. The password hash is never part of it. Before it
/// leaves the service it goes through <see cref="UserPrivacy.VisibleTo"/> for the viewer.</summary>
public sealed record UserDto(
    long Id,
    string Username,
    string Email,
    string Bio,
    string Avatar,
    bool IsAdmin,
    bool IsBanned,
    DateTime? BannedAt,
    string? BannedReason,
    long? BannedByUserId,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>A users row as the store reads it.</summary>
public sealed record UserRow(
    long Id,
    string Username,
    string Email,
    string Bio,
    string Avatar,
    bool IsAdmin,
    bool IsBanned,
    DateTime? BannedAt,
    string BannedReason,
    long? BannedByUserId,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    /// <summary>The full form: for the user themselves (login, profile update) and for admin-only routes.</summary>
    public UserDto ToDto() => new(Id, Username, Email, Bio, Avatar, IsAdmin, IsBanned, BannedAt,
        BannedReason.Length == 0 ? null : BannedReason, BannedByUserId, CreatedAt, UpdatedAt);

    /// <summary>The form <paramref name="viewer"/> (null: anonymous) may see.</summary>
    public UserDto ToDto(Caller? viewer) => ToDto().VisibleTo(viewer);
}

/// <summary><c>PUT /api/users/me</c>: empty or missing fields are left as they are (contract 2).</summary>
public sealed record UpdateProfileRequest(string? Username, string? Bio, string? Avatar)
{
    [JsonIgnore]
    public bool HasUsername => !string.IsNullOrEmpty(Username);
}

public sealed record ListUsersQuery(QueryInt? Limit = null, QueryInt? Offset = null);

public sealed class UpdateProfileRequestValidator : AbstractValidator<UpdateProfileRequest>
{
    public const int MaxBio = 500;
    public const int MaxAvatar = 255;

    public UpdateProfileRequestValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(request => request.Username!)
            .MaximumLength(30).WithMessage("Username too long (max 30 characters)")
            .ValidUsername()
            .When(request => request.HasUsername);
        RuleFor(request => request.Bio).ValidText(MaxBio, "Bio", multiline: true);
        RuleFor(request => request.Avatar)
            .ValidText(MaxAvatar, "avatar", tooLongMessage: $"Avatar URL too long (max {MaxAvatar} characters)")
            .Must(avatar => string.IsNullOrEmpty(avatar) || UrlRules.IsImageUrl(avatar))
            .WithMessage("avatar must be an http(s) URL or a /media/ or /api/images/ path");
    }
}
