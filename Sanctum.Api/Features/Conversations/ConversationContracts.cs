using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Validation;

namespace Sanctum.Api.Features.Conversations;

/// <summary>
/// The Conversation object of contract 0.6. <see cref="IsJoined"/> and <see cref="Capabilities"/> are set (and so
/// written) only by the chatroom routes of contract 10 and, for groups, by the conversation detail; they are flattened
/// into the same object, as the contract says.
/// </summary>
public sealed record ConversationDto(
    long Id,
    string Name,
    bool IsGroup,
    string Avatar,
    long CreatedBy,
    long? SanctumId,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    IReadOnlyList<UserDto>? Participants,
    IReadOnlyList<MessageDto>? Messages,
    int UnreadCount)
{
    public bool? IsJoined { get; init; }
    public ChatroomCapabilitiesDto? Capabilities { get; init; }
}

/// <summary>What the caller may do in a chatroom (contract 10).</summary>
public sealed record ChatroomCapabilitiesDto(bool CanModerate, bool CanManageModerators);

/// <summary>
/// The Message object of contract 0.6. <see cref="Metadata"/> is the stored JSON object (<c>{}</c> for HTTP and socket
/// sends, absent for the welcome bot's messages). <see cref="Reactions"/> are the raw rows, which the original client
/// folds into its own summary.
/// </summary>
public sealed record MessageDto(
    long Id,
    long ConversationId,
    long SenderId,
    UserDto? Sender,
    string Content,
    string MessageType,
    JsonElement? Metadata,
    bool IsRead,
    DateTime? ReadAt,
    IReadOnlyList<MessageReactionDto>? Reactions,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>Participants and latest message per conversation, for a list (see <c>ConversationService.SummariesAsync</c>).</summary>
public sealed record ConversationSummaries(ILookup<long, UserDto> Participants, IReadOnlyDictionary<long, MessageDto> Latest)
{
    /// <summary>The conversation's <c>messages</c> in a list: its latest message, or none.</summary>
    public IReadOnlyList<MessageDto>? LatestOf(long conversationId) => Latest.TryGetValue(conversationId, out var message) ? [message] : null;
}

/// <summary>A message_reactions row (contract 0.6 MessageReaction).</summary>
public sealed record MessageReactionDto(long Id, long MessageId, long UserId, string Emoji, DateTime CreatedAt)
{
    [JsonPropertyName("user")]
    public UserDto? User { get; init; }
}

/// <summary>One emoji of a message, relative to the user it is sent to (contract 9's reaction summary).</summary>
public sealed record ReactionSummaryDto(string Emoji, int Count, bool ReactedByMe);

/// <summary>Where a conversation stands for one user, as <see cref="ConversationAccess"/> found it.</summary>
public sealed record ConversationAccessRow(long Id, bool IsGroup, long CreatedBy, long? SanctumId, bool IsParticipant)
{
    /// <summary>A group a user created: not a public chatroom, reachable by its participants only.</summary>
    public bool IsPrivateGroup => IsGroup && SanctumId is null;
}

/// <summary><c>POST /api/conversations</c> (contract 9).</summary>
public sealed record CreateConversationRequest(IReadOnlyList<long>? ParticipantIds, bool? IsGroup = null, string? Name = null);

/// <summary><c>POST /api/conversations/:id/participants</c>.</summary>
public sealed record AddParticipantRequest(long? UserId);

/// <summary><c>GET /api/conversations/:id/messages</c>: limit (50, max 100), offset, and the beyond-contract
/// <c>before_id</c> cursor (messages with an id below it), which pages stably while new messages arrive.</summary>
public sealed record MessagesQuery(QueryInt? Limit = null, QueryInt? Offset = null, [FromQuery(Name = "before_id")] long? BeforeId = null);

/// <summary><c>GET /api/users/me/mentions</c>: limit (50, max 100), offset.</summary>
public sealed record MentionsQuery(QueryInt? Limit = null, QueryInt? Offset = null);

/// <summary>The MessageMention object of contract 0.6.</summary>
public sealed record MessageMentionDto(
    long Id,
    long MessageId,
    long ConversationId,
    long MentionedUserId,
    long MentionedByUserId,
    DateTime CreatedAt,
    DateTime? ReadAt,
    MessageDto? Message,
    ConversationDto? Conversation);

/// <summary>A user in an event payload (contract 12.2's user summary).</summary>
public sealed record ChatUserSummary(long Id, string Username, string Avatar);

/// <summary>Notifications socket: a DM arrived (contract 12.2).</summary>
public sealed record MessageReceivedEvent(
    long ConversationId, long MessageId, bool IsGroup, ChatUserSummary? FromUser, string Preview, DateTime CreatedAt);

/// <summary>Notifications socket: the user was mentioned (contract 12.2).</summary>
public sealed record ChatMentionNotification(
    long ConversationId, long MessageId, long MentionedUserId, long FromUserId, string Preview, DateTime CreatedAt);

/// <summary>Chat socket: a participant was mentioned (contract 12.3).</summary>
public sealed record ChatMentionEvent(long ConversationId, long MessageId, long MentionedUserId, long FromUserId);

/// <summary>Chat socket: a participant read the conversation (contract 12.3, REST path).</summary>
public sealed record MessageReadEvent(long ConversationId, long UserId, DateTime ReadAt);

/// <summary>Chat socket: a message was deleted (beyond the contract; the original client calls the route).</summary>
public sealed record MessageDeletedEvent(long ConversationId, long MessageId);

/// <summary>A conversations row as the store reads it, with the reader's computed unread count.</summary>
public sealed class ConversationRow
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public bool IsGroup { get; set; }
    public string Avatar { get; set; } = "";
    public long CreatedBy { get; set; }
    public long? SanctumId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int UnreadCount { get; set; }

    public ConversationDto ToDto(IReadOnlyList<UserDto>? participants, IReadOnlyList<MessageDto>? messages) =>
        new(Id, Name, IsGroup, Avatar, CreatedBy, SanctumId, CreatedAt, UpdatedAt, participants, messages, UnreadCount);
}

/// <summary>A messages row as the store reads it (<c>metadata</c> as JSON text), with its sender when live.</summary>
public sealed class MessageRow
{
    public long Id { get; set; }
    public long ConversationId { get; set; }
    public long SenderId { get; set; }
    public string Content { get; set; } = "";
    public string MessageType { get; set; } = "text";
    public string? Metadata { get; set; }
    public bool IsRead { get; set; }
    public DateTime? ReadAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public UserRow? Sender { get; set; }

    /// <summary>The message with its sender as <paramref name="viewer"/> may see them (null: the public form).</summary>
    public MessageDto ToDto(Caller? viewer, IReadOnlyList<MessageReactionDto>? reactions = null) =>
        new(Id, ConversationId, SenderId,
            Sender is null ? null : viewer is null ? Sender.ToDto().PublicForm() : Sender.ToDto(viewer),
            Content, MessageType,
            Metadata is null ? null : JsonDocument.Parse(Metadata).RootElement.Clone(),
            IsRead, ReadAt, reactions, CreatedAt, UpdatedAt);
}

/// <summary>A message_mentions row.</summary>
public sealed class MentionRow
{
    public long Id { get; set; }
    public long MessageId { get; set; }
    public long ConversationId { get; set; }
    public long MentionedUserId { get; set; }
    public long MentionedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
}

/// <summary>A user a message mentions.</summary>
public sealed record MentionedUser(long UserId, DateTime CreatedAt);

public static class MessageRules
{
    public const int MaxContent = 10_000;
    public const int MaxMessageType = 50;
    public const int MaxMetadataBytes = 4096;
    public const int MaxParticipantIds = 100;
    public const int MaxName = 255;

    public static bool IsObjectOrAbsent(JsonElement? metadata) =>
        metadata is null || metadata.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.Object;

    /// <summary>The metadata as stored: <c>{}</c> when absent or null.</summary>
    public static string MetadataText(JsonElement? metadata) =>
        metadata is null || metadata.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? "{}" : metadata.Value.GetRawText();
}

public sealed class SendMessageCommandValidator : AbstractValidator<SendMessageCommand>
{
    public SendMessageCommandValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(command => command.Content)
            .Must(content => !string.IsNullOrWhiteSpace(content)).WithMessage("Message content is required")
            .ValidText(MessageRules.MaxContent, "Message", multiline: true,
                tooLongMessage: $"Message content too long (max {MessageRules.MaxContent} characters)");
        RuleFor(command => command.MessageType).ValidText(MessageRules.MaxMessageType, "message_type");
        RuleFor(command => command.Metadata)
            .Must(MessageRules.IsObjectOrAbsent).WithMessage("metadata must be a JSON object")
            .Must(metadata => Encoding.UTF8.GetByteCount(MessageRules.MetadataText(metadata)) <= MessageRules.MaxMetadataBytes)
            .WithMessage($"metadata too large (max {MessageRules.MaxMetadataBytes} bytes)");
    }
}

public sealed class CreateConversationRequestValidator : AbstractValidator<CreateConversationRequest>
{
    public CreateConversationRequestValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(request => request.ParticipantIds)
            .Must(ids => ids is { Count: > 0 }).WithMessage("At least one participant is required")
            .Must(ids => ids!.Count <= MessageRules.MaxParticipantIds)
            .WithMessage($"At most {MessageRules.MaxParticipantIds} participants per request")
            .Must(ids => ids!.All(id => id > 0)).WithMessage("participant_ids must be positive integers");
        RuleFor(request => request.Name).ValidText(MessageRules.MaxName, "name");
        RuleFor(request => request.Name)
            .Must(name => !string.IsNullOrWhiteSpace(name)).When(request => request.IsGroup == true)
            .WithMessage("Group conversations require a name");
    }
}

public sealed class AddParticipantRequestValidator : AbstractValidator<AddParticipantRequest>
{
    public AddParticipantRequestValidator() =>
        RuleFor(request => request.UserId).Must(id => id is > 0).WithMessage("user_id is required");
}

public sealed class MessagesQueryValidator : AbstractValidator<MessagesQuery>
{
    public MessagesQueryValidator() =>
        RuleFor(query => query.BeforeId).Must(id => id is null or > 0).WithMessage("before_id must be a positive integer");
}
