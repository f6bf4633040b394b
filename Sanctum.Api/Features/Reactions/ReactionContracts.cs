using FluentValidation;
using Sanctum.Api.Features.Conversations;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Reactions;

/// <summary><c>POST .../reactions</c>: the emoji is trimmed, 1–32 characters.</summary>
public sealed record AddReactionRequest(string? Emoji)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string Trimmed => (Emoji ?? "").Trim();
}

/// <summary><c>DELETE .../reactions?emoji=</c>.</summary>
public sealed record RemoveReactionQuery(string? Emoji)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string Trimmed => (Emoji ?? "").Trim();
}

/// <summary>The answer of both reaction routes and the payload of <c>message_reaction_updated</c> (contract 9, 12.3):
/// <c>reacted_by_me</c> is relative to whoever receives it.</summary>
public sealed record MessageReactionsDto(long ConversationId, long MessageId, IReadOnlyList<ReactionSummaryDto> Reactions);

/// <summary>One emoji of a message: how many reacted, and which of the asked-about users did.</summary>
public sealed class EmojiCountRow
{
    public string Emoji { get; init; } = "";
    public int Count { get; init; }
    public long[] ReactedBy { get; init; } = [];
}

public static class ReactionRules
{
    public const int MaxEmoji = 32;
}

public sealed class AddReactionRequestValidator : AbstractValidator<AddReactionRequest>
{
    public AddReactionRequestValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(request => request.Trimmed)
            .Must(emoji => emoji.Length is > 0 and <= ReactionRules.MaxEmoji).WithMessage("emoji is required")
            .ValidText(ReactionRules.MaxEmoji, "emoji")
            .OverridePropertyName("emoji");
    }
}

public sealed class RemoveReactionQueryValidator : AbstractValidator<RemoveReactionQuery>
{
    public RemoveReactionQueryValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(query => query.Trimmed)
            .Must(emoji => emoji.Length > 0).WithMessage("emoji query parameter is required")
            .ValidText(ReactionRules.MaxEmoji, "emoji")
            .OverridePropertyName("emoji");
    }
}
