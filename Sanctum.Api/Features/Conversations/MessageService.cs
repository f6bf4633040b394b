using System.Text.RegularExpressions;
using FluentValidation;
using Sanctum.Api.Features.Blocks;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Events;

namespace Sanctum.Api.Features.Conversations;

/// <summary>
/// Messages (contract 9, 12.3): the one path of a message into a conversation (REST and the chat socket), history
/// pages, deletion, read receipts and mentions. Every event is raised after its write has committed.
/// </summary>
public sealed partial class MessageService(
    MessageStore store,
    ConversationStore conversations,
    ConversationAccess access,
    BlockService blocks,
    IValidator<SendMessageCommand> validator,
    IRealtimeEvents events) : IChatMessages
{
    public const int DefaultPage = 50;
    public const string Blocked = "Messaging is blocked between these users";
    public const string Muted = "You are muted in this room";

    /// <summary>Mentions: <c>@name</c> with 2–32 letters, digits, underscores or hyphens (hyphens fix contract 19.18).</summary>
    [GeneratedRegex("@([A-Za-z0-9_-]{2,32})")]
    private static partial Regex MentionPattern();

    public async Task<Result<MessageDto>> SendAsync(Caller caller, long conversationId, SendMessageCommand command, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(command, cancellationToken);
        if (!validation.IsValid)
        {
            return Error.Validation(validation.Errors[0].ErrorMessage);
        }
        var allowed = await access.AuthorizeAsync(caller, conversationId, cancellationToken);
        if (allowed.Error is { } error)
        {
            return error;
        }
        var conversation = allowed.Value!;
        IReadOnlyList<long> participants = [];
        if (conversation.IsGroup)
        {
            if (await conversations.IsMutedAsync(conversationId, caller.UserId, cancellationToken))
            {
                return Error.Forbidden(Muted);
            }
        }
        else
        {
            participants = await conversations.ParticipantIdsAsync(conversationId, cancellationToken);
        }

        // A two-person DM checks the block under the pair's lock, in the insert itself; a non-group conversation of
        // more people (rare) asks the block check for each of the others first.
        var others = participants.Where(id => id != caller.UserId).ToList();
        long? dmPeer = !conversation.IsGroup && others.Count == 1 ? others[0] : null;
        if (!conversation.IsGroup && dmPeer is null)
        {
            foreach (var other in others)
            {
                if (await blocks.IsBlockedEitherWayAsync(caller.UserId, other, cancellationToken))
                {
                    return Error.Forbidden(Blocked);
                }
            }
        }
        var messageType = string.IsNullOrEmpty(command.MessageType) ? "text" : command.MessageType;
        var row = await store.InsertAsync(conversationId, caller.UserId, command.Content!, messageType,
            MessageRules.MetadataText(command.Metadata), dmPeer, cancellationToken);
        if (row is null)
        {
            return Error.Forbidden(Blocked);
        }
        var message = row.ToDto(viewer: null);
        await AnnounceAsync(conversation.IsGroup, message, row.Sender?.Username, participants, cancellationToken);
        await MentionAsync(row, cancellationToken);
        return message.Sender is null ? message : message with { Sender = row.Sender!.ToDto(caller) };
    }

    /// <summary>The events of a new message: <c>message</c> to the viewers, <c>room_message</c> too for groups, and
    /// <c>message_received</c> to the other participants of a DM. Used by the welcome bot as well.</summary>
    public async Task AnnounceAsync(
        bool isGroup, MessageDto message, string? senderName, IReadOnlyList<long> participants, CancellationToken cancellationToken)
    {
        var conversationId = message.ConversationId;
        await events.PublishAsync(ChatEvent("message", message, conversationId, message.SenderId, senderName), cancellationToken);
        if (isGroup)
        {
            await events.PublishAsync(ChatEvent("room_message", message, conversationId, message.SenderId, senderName), cancellationToken);
            return;
        }
        var recipients = participants.Where(id => id != message.SenderId).ToList();
        if (recipients.Count > 0)
        {
            var from = message.Sender is { } sender ? new ChatUserSummary(sender.Id, sender.Username, sender.Avatar) : null;
            await events.PublishAsync(new RealtimeEvent("message_received",
                new MessageReceivedEvent(conversationId, message.Id, false, from, message.Content, message.CreatedAt),
                EventAudience.Users(recipients)), cancellationToken);
        }
    }

    /// <summary>The newest messages (before <c>before_id</c> when given) in ascending order, each with its sender and raw
    /// reactions; messages from senders the caller blocked are left out.</summary>
    public async Task<Result<IReadOnlyList<MessageDto>>> ListAsync(Caller caller, long conversationId, MessagesQuery query, CancellationToken cancellationToken)
    {
        var allowed = await access.AuthorizeAsync(caller, conversationId, cancellationToken);
        if (allowed.Error is { } error)
        {
            return error;
        }
        var newest = await store.NewestAsync(conversationId, caller.UserId, Paging.Of(query.Limit, query.Offset, DefaultPage), query.BeforeId, cancellationToken);
        var reactions = await store.ReactionsAsync(newest.Select(message => message.Id).ToList(), cancellationToken);
        return Result.Success<IReadOnlyList<MessageDto>>(
            newest.Reverse().Select(message => message.ToDto(caller, reactions[message.Id].ToList())).ToList());
    }

    /// <summary>The sender or an admin soft-deletes a message; the viewers get <c>message_deleted</c>.</summary>
    public async Task<Result> DeleteAsync(Caller caller, long conversationId, long messageId, CancellationToken cancellationToken)
    {
        var message = await access.AuthorizeMessageAsync(caller, conversationId, messageId, cancellationToken, adminMayEnter: true);
        if (message.Error is { } error)
        {
            return error;
        }
        if (message.Value != caller.UserId && !caller.IsAdmin)
        {
            return Error.Forbidden("You can only delete your own messages");
        }
        if (await store.SoftDeleteAsync(conversationId, messageId, cancellationToken))
        {
            await events.PublishAsync(ChatEvent("message_deleted", new MessageDeletedEvent(conversationId, messageId), conversationId,
                caller.UserId, null), cancellationToken);
        }
        return Result.Ok;
    }

    public async Task<Result> MarkReadAsync(Caller caller, long conversationId, CancellationToken cancellationToken)
    {
        var allowed = await access.AuthorizeAsync(caller, conversationId, cancellationToken);
        if (allowed.Error is { } error)
        {
            return error;
        }
        var readAt = await store.MarkReadAsync(conversationId, caller.UserId, cancellationToken);
        if (readAt is null)
        {
            return Error.Forbidden(ConversationAccess.NotParticipant);
        }
        await events.PublishAsync(ChatEvent("message_read", new MessageReadEvent(conversationId, caller.UserId, readAt.Value), conversationId,
            caller.UserId, null), cancellationToken);
        return Result.Ok;
    }

    /// <summary>The REST read receipt: direct messages only (contract 9).</summary>
    public async Task<Result> MarkDirectReadAsync(Caller caller, long conversationId, CancellationToken cancellationToken)
    {
        var allowed = await access.AuthorizeAsync(caller, conversationId, cancellationToken);
        if (allowed.Error is { } error)
        {
            return error;
        }
        return allowed.Value!.IsGroup
            ? Error.Validation("Read receipts are only supported for direct messages")
            : await MarkReadAsync(caller, conversationId, cancellationToken);
    }

    /// <summary>The caller's mentions, newest first, in conversations they are still in.</summary>
    public async Task<IReadOnlyList<MessageMentionDto>> ListMentionsAsync(Caller caller, MentionsQuery query, CancellationToken cancellationToken)
    {
        var rows = await store.ListMentionsAsync(caller.UserId, Paging.Of(query.Limit, query.Offset, DefaultPage), cancellationToken);
        return rows.Select(row => new MessageMentionDto(row.Mention.Id, row.Mention.MessageId, row.Mention.ConversationId,
            row.Mention.MentionedUserId, row.Mention.MentionedByUserId, row.Mention.CreatedAt, row.Mention.ReadAt,
            row.Message.ToDto(caller), row.Conversation.ToDto(null, null))).ToList();
    }

    /// <summary>The lower-cased, distinct names a text mentions.</summary>
    public static IReadOnlyCollection<string> MentionedNames(string content) =>
        MentionPattern().Matches(content).Select(match => match.Groups[1].Value.ToLowerInvariant()).ToHashSet();

    private async Task MentionAsync(MessageRow message, CancellationToken cancellationToken)
    {
        var names = MentionedNames(message.Content);
        if (names.Count == 0)
        {
            return;
        }
        var mentioned = await store.InsertMentionsAsync(message.Id, message.ConversationId, message.SenderId, names, cancellationToken);
        foreach (var user in mentioned)
        {
            await events.PublishAsync(new RealtimeEvent("chat_mention",
                new ChatMentionNotification(message.ConversationId, message.Id, user.UserId, message.SenderId, message.Content, user.CreatedAt),
                EventAudience.User(user.UserId)), cancellationToken);
            await events.PublishAsync(ChatEvent("chat_mention",
                new ChatMentionEvent(message.ConversationId, message.Id, user.UserId, message.SenderId), message.ConversationId,
                message.SenderId, message.Sender?.Username), cancellationToken);
        }
    }

    private static RealtimeEvent ChatEvent(string type, object payload, long conversationId, long userId, string? username) =>
        new(type, payload, EventAudience.Viewers(conversationId))
        {
            Socket = SocketKind.Chat,
            ConversationId = conversationId,
            UserId = userId,
            Username = username,
        };
}
