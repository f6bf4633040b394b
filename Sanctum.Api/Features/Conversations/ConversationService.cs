using Sanctum.Api.Features.Blocks;
using Sanctum.Api.Features.Chatrooms;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Events;

namespace Sanctum.Api.Features.Conversations;

/// <summary>Conversations (contract 9): open or create, list, detail, add a participant, leave.</summary>
public sealed class ConversationService(
    ConversationStore store, MessageStore messages, ConversationAccess access, BlockService blocks, ChatroomPresence presence,
    ChatroomCapabilities capabilities, IRealtimeEvents events)
{
    public const int DetailMessages = 50;
    public const string CannotStart = "Cannot start a conversation with this user";

    /// <summary>
    /// A non-group conversation with exactly one other user is THE DM of the pair (created or reused, the caller
    /// re-added if they had left); anything else is a new conversation. Duplicates and the caller are folded out of
    /// the list; an unknown id is 404 with nothing written. A user-created group has no sanctum (it is not a chatroom).
    /// </summary>
    public async Task<Result<ConversationDto>> CreateAsync(Caller caller, CreateConversationRequest request, CancellationToken cancellationToken)
    {
        var others = (request.ParticipantIds ?? []).Where(id => id != caller.UserId).Distinct().ToList();
        if (others.Count == 0)
        {
            return Error.Validation("At least one participant is required");
        }
        var isGroup = request.IsGroup == true;
        CreateConversationOutcome outcome;
        if (!isGroup && others.Count == 1)
        {
            if (await blocks.IsBlockedEitherWayAsync(caller.UserId, others[0], cancellationToken))
            {
                return Error.Forbidden(CannotStart);
            }
            outcome = await store.OpenDirectAsync(caller.UserId, others[0], cancellationToken);
        }
        else
        {
            outcome = await store.CreateAsync(caller.UserId, others, isGroup, isGroup ? request.Name!.Trim() : request.Name?.Trim() ?? "", cancellationToken);
        }
        if (outcome.MissingUserId is { } missing)
        {
            return Error.NotFound("User", missing);
        }
        if (outcome.Blocked)
        {
            return Error.Forbidden(CannotStart);
        }
        return await DetailAsync(caller, outcome.ConversationId!.Value, cancellationToken);
    }

    /// <summary>The caller's conversations, most recently active first, each with its participants, its latest message
    /// and the caller's unread count: three queries per page, whatever its size.</summary>
    public async Task<IReadOnlyList<ConversationDto>> ListAsync(Caller caller, ListPageQuery query, CancellationToken cancellationToken)
    {
        var rows = await store.ListForUserAsync(caller.UserId, Paging.Capped(query), cancellationToken);
        var summaries = await SummariesAsync(caller, rows.Select(row => row.Id).ToList(), cancellationToken);
        return rows.Select(row => row.ToDto(summaries.Participants[row.Id].ToList(), summaries.LatestOf(row.Id))).ToList();
    }

    /// <summary>What a list shows of each conversation, as the caller may see it: its participants (capped at
    /// <see cref="Paging.ListCap"/>, in joining order) and its latest message. Two queries for a whole page; the
    /// chatroom lists use it too.</summary>
    public async Task<ConversationSummaries> SummariesAsync(Caller caller, IReadOnlyCollection<long> conversationIds, CancellationToken cancellationToken)
    {
        var participants = await store.ParticipantsAsync(conversationIds, Paging.ListCap, cancellationToken);
        var latest = await messages.LatestAsync(conversationIds, cancellationToken);
        return new ConversationSummaries(
            participants.SelectMany(group => group.Select(user => (group.Key, User: user.ToDto(caller)))).ToLookup(pair => pair.Key, pair => pair.User),
            latest.ToDictionary(pair => pair.Key, pair => pair.Value.ToDto(caller)));
    }

    /// <summary>The conversation with its participants and its newest 50 messages in ascending order; a group also
    /// shows the caller's chatroom capabilities (contract 9).</summary>
    public async Task<Result<ConversationDto>> GetAsync(Caller caller, long conversationId, CancellationToken cancellationToken)
    {
        var allowed = await access.AuthorizeAsync(caller, conversationId, cancellationToken);
        return allowed.Error is { } error ? error : await DetailAsync(caller, conversationId, cancellationToken);
    }

    /// <summary>Adds a user to a group (idempotent). 1-on-1 conversations take no one else.</summary>
    public async Task<Result> AddParticipantAsync(Caller caller, long conversationId, long userId, CancellationToken cancellationToken)
    {
        var allowed = await access.AuthorizeAsync(caller, conversationId, cancellationToken);
        if (allowed.Error is { } error)
        {
            return error;
        }
        if (!allowed.Value!.IsGroup)
        {
            return Error.Validation("Cannot add participants to 1-on-1 conversations");
        }
        return await store.AddParticipantAsync(conversationId, userId, cancellationToken) is null ? Error.NotFound("User", userId) : Result.Ok;
    }

    /// <summary>Adds a user to a conversation whose access the caller has already decided (a chatroom join), read up to
    /// its latest message. True when they were not in it yet.</summary>
    public async Task<bool> JoinAsync(long conversationId, long userId, CancellationToken cancellationToken) =>
        await store.AddParticipantAsync(conversationId, userId, cancellationToken) == true;

    /// <summary>Removes only the caller (contract 9: the conversation stays for the others).</summary>
    public async Task<Result> LeaveAsync(Caller caller, long conversationId, CancellationToken cancellationToken)
    {
        var allowed = await access.AuthorizeAsync(caller, conversationId, cancellationToken);
        if (allowed.Error is { } error)
        {
            return error;
        }
        await RemoveParticipantAsync(conversationId, allowed.Value!.IsGroup, caller.UserId, ChatroomPresenceActions.Left, cancellationToken);
        return Result.Ok;
    }

    /// <summary>
    /// Takes the user out of the conversation (leaving, or a room moderator's removal). For a group,
    /// <c>chatroom_presence</c> with <paramref name="action"/> goes to the viewers first, so the user still receives it;
    /// then the user stops viewing on every replica and gets nothing more from it. False when they were not in it.
    /// </summary>
    public async Task<bool> RemoveParticipantAsync(long conversationId, bool isGroup, long userId, string action, CancellationToken cancellationToken)
    {
        if (await store.RemoveParticipantAsync(conversationId, userId, cancellationToken) is not { } username)
        {
            return false;
        }
        if (isGroup)
        {
            await presence.PublishAsync(conversationId, userId, username, action, cancellationToken);
        }
        await events.StopViewingAsync(conversationId, userId, cancellationToken);
        return true;
    }

    private async Task<Result<ConversationDto>> DetailAsync(Caller caller, long conversationId, CancellationToken cancellationToken)
    {
        var row = await store.FindForParticipantAsync(caller.UserId, conversationId, cancellationToken);
        if (row is null)
        {
            return Error.NotFound("Conversation", conversationId);
        }
        var participants = await store.ParticipantsAsync([conversationId], Paging.ListCap, cancellationToken);
        var newest = await messages.NewestAsync(conversationId, caller.UserId, new Page(DetailMessages, 0), null, cancellationToken);
        var reactions = await messages.ReactionsAsync(newest.Select(message => message.Id).ToList(), cancellationToken);
        var ascending = newest.Reverse().Select(message => message.ToDto(caller, reactions[message.Id].ToList())).ToList();
        var detail = row.ToDto(participants[conversationId].Select(user => user.ToDto(caller)).ToList(), ascending);
        return row.IsGroup ? detail with { Capabilities = await capabilities.ForRoomAsync(caller, conversationId, cancellationToken) } : detail;
    }
}
