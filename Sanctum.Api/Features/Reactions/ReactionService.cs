using Sanctum.Api.Features.Conversations;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Events;
using Sanctum.Api.Infrastructure.Realtime;

namespace Sanctum.Api.Features.Reactions;

/// <summary>
/// Message reactions (contract 9). Both routes check the participant and that the message is in the conversation.
/// <c>message_reaction_updated</c> goes to each online participant on the chat socket with <c>reacted_by_me</c> for
/// that participant (contract 19.12 fixed), so it is one event per recipient.
/// </summary>
public sealed class ReactionService(ConversationAccess access, ReactionStore store, Presence presence, IRealtimeEvents events)
{
    public const string EventType = "message_reaction_updated";

    public Task<Result<MessageReactionsDto>> AddAsync(Caller caller, long conversationId, long messageId, string emoji, CancellationToken cancellationToken) =>
        ChangeAsync(caller, conversationId, messageId, () => store.AddAsync(messageId, caller.UserId, emoji, cancellationToken), cancellationToken);

    public Task<Result<MessageReactionsDto>> RemoveAsync(Caller caller, long conversationId, long messageId, string emoji, CancellationToken cancellationToken) =>
        ChangeAsync(caller, conversationId, messageId, () => store.RemoveAsync(messageId, caller.UserId, emoji, cancellationToken), cancellationToken);

    private async Task<Result<MessageReactionsDto>> ChangeAsync(
        Caller caller, long conversationId, long messageId, Func<Task> write, CancellationToken cancellationToken)
    {
        if ((await access.AuthorizeMessageAsync(caller, conversationId, messageId, cancellationToken)).Error is { } denied)
        {
            return denied;
        }
        await write();

        var participants = await store.ParticipantIdsAsync(conversationId, Paging.ListCap, cancellationToken);
        var online = (await presence.OnlineUsersAsync()).ToHashSet();
        var recipients = participants.Where(online.Contains).ToList();
        var counts = await store.CountsAsync(messageId, [.. recipients, caller.UserId], cancellationToken);
        foreach (var recipient in recipients)
        {
            await events.PublishAsync(new RealtimeEvent(EventType, For(conversationId, messageId, counts, recipient), EventAudience.User(recipient))
            {
                Socket = SocketKind.Chat,
                ConversationId = conversationId,
            }, cancellationToken);
        }
        return For(conversationId, messageId, counts, caller.UserId);
    }

    /// <summary>Count DESC, then emoji in ordinal order; <c>reacted_by_me</c> for <paramref name="viewer"/>.</summary>
    private static MessageReactionsDto For(long conversationId, long messageId, IReadOnlyList<EmojiCountRow> counts, long viewer) =>
        new(conversationId, messageId, counts
            .OrderByDescending(row => row.Count).ThenBy(row => row.Emoji, StringComparer.Ordinal)
            .Select(row => new ReactionSummaryDto(row.Emoji, row.Count, row.ReactedBy.Contains(viewer)))
            .ToList());
}
