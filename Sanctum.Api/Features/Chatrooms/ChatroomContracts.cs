using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using FluentValidation;
using Sanctum.Api.Features.Conversations;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Chatrooms;

/// <summary>The ChatroomMute object of contract 0.6. <c>user</c> and <c>muted_by_user</c> come with the room's mute
/// list; <c>conversation</c> with the admin console's <c>active_mutes</c>.</summary>
public sealed record ChatroomMuteDto(
    long Id,
    long ConversationId,
    long UserId,
    long MutedByUserId,
    string Reason,
    DateTime? MutedUntil,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public UserDto? User { get; init; }
    public UserDto? MutedByUser { get; init; }
    public ConversationDto? Conversation { get; init; }
}

/// <summary>The ChatroomModerator object of contract 0.6.</summary>
public sealed record ChatroomModeratorDto(long ConversationId, long UserId, long GrantedByUserId, DateTime CreatedAt);

/// <summary><c>POST /api/chatrooms/:id/mutes/:userId</c>: a JSON body is required; both fields optional.</summary>
public sealed record MuteRequest(string? Reason, [property: JsonPropertyName("muted_until")] string? MutedUntil)
{
    public const int MaxReason = 255;

    [JsonIgnore]
    public string TrimmedReason => (Reason ?? "").Trim();

    /// <summary>The parsed <c>muted_until</c> in UTC, null when absent or empty (indefinite).</summary>
    [JsonIgnore]
    public DateTime? Until => Rfc3339.TryParse(MutedUntil, out var value) ? value : null;
}

public static partial class Rfc3339
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})\z")]
    private static partial Regex Shape();

    public static bool TryParse(string? text, out DateTime value)
    {
        value = default;
        if (string.IsNullOrEmpty(text) || !Shape().IsMatch(text))
        {
            return false;
        }
        var normalized = text.ToUpperInvariant();
        if (!DateTimeOffset.TryParse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return false;
        }
        value = parsed.UtcDateTime;
        return true;
    }
}

public sealed class MuteRequestValidator : AbstractValidator<MuteRequest>
{
    public MuteRequestValidator()
    {
        RuleFor(request => request.TrimmedReason).ValidText(MuteRequest.MaxReason, "reason").OverridePropertyName("reason");
        RuleFor(request => request.MutedUntil)
            .Must(text => string.IsNullOrEmpty(text) || Rfc3339.TryParse(text, out _)).WithMessage("muted_until must be RFC3339")
            .OverridePropertyName("muted_until");
    }
}

/// <summary>A conversation of the chatroom list, with the caller's read state.</summary>
public sealed class ChatroomListRow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public bool IsGroup { get; init; }
    public string Avatar { get; init; } = "";
    public long CreatedBy { get; init; }
    public long? SanctumId { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public bool IsJoined { get; init; }
    public int UnreadCount { get; init; }
}

/// <summary>One room's capabilities for one caller, as the store computes them.</summary>
public sealed class CapabilityRow
{
    public long Id { get; init; }
    public bool CanModerate { get; init; }
    public bool CanManageModerators { get; init; }
}
