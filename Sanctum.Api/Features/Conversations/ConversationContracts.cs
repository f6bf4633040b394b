using System.Text.Json;
using System.Text.Json.Serialization;
using Sanctum.Api.Features.Users;

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

/// <summary>A message_reactions row (contract 0.6 MessageReaction).</summary>
public sealed record MessageReactionDto(long Id, long MessageId, long UserId, string Emoji, DateTime CreatedAt)
{
    [JsonPropertyName("user")]
    public UserDto? User { get; init; }
}

/// <summary>One emoji of a message, relative to the user it is sent to (contract 9's reaction summary).</summary>
public sealed record ReactionSummaryDto(string Emoji, int Count, bool ReactedByMe);

/// <summary>Where a conversation stands for one user, as <see cref="ConversationAccess"/> found it.</summary>
public sealed record ConversationAccessRow(long Id, bool IsGroup, long CreatedBy, long? SanctumId, bool IsParticipant);
