using Sanctum.Api.Features.Conversations;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;
using Sanctum.Api.Infrastructure.Events;

namespace Sanctum.Api.Features.Chatrooms;

/// <summary>
/// The chatroom list, joining and participant removal (contract 10). Chatrooms are group conversations linked to a
/// sanctum; a group a user created is reachable by its participants only, so it is never listed and joining it is 404.
/// </summary>
public sealed class ChatroomService(
    ChatroomStore store, ConversationAccess access, ConversationService conversations, ChatroomCapabilities capabilities, ChatroomPresence presence,
    UserService users, WelcomeBot welcomeBot)
{
    public const string ModerateForbidden = "You do not have permission to moderate this chatroom";

    public async Task<IReadOnlyList<ConversationDto>> ListAsync(Caller caller, bool joinedOnly, ListPageQuery query, CancellationToken cancellationToken)
    {
        var rows = await store.ListAsync(caller.UserId, joinedOnly, Paging.Capped(query), cancellationToken);
        if (rows.Count == 0)
        {
            return [];
        }
        var ids = rows.Select(row => row.Id).ToList();
        var summaries = await conversations.SummariesAsync(caller, ids, cancellationToken);
        var caps = await capabilities.ForRoomsAsync(caller, ids, cancellationToken);
        return rows.Select(row => new ConversationDto(row.Id, row.Name, row.IsGroup, row.Avatar, row.CreatedBy, row.SanctumId,
            row.CreatedAt, row.UpdatedAt, summaries.Participants[row.Id].ToList(), summaries.LatestOf(row.Id) ?? [], row.UnreadCount)
        {
            IsJoined = row.IsJoined,
            Capabilities = caps[row.Id],
        }).ToList();
    }

    /// <summary>Idempotent; <c>joined_room</c> only when the caller was not already in the room.</summary>
    public async Task<Result> JoinAsync(Caller caller, long conversationId, CancellationToken cancellationToken)
    {
        var room = await access.FindAsync(caller.UserId, conversationId, cancellationToken);
        if (room is null || (room.IsPrivateGroup && !room.IsParticipant))
        {
            return Error.NotFound("Chatroom", conversationId);
        }
        if (!room.IsGroup)
        {
            return Error.Validation("Cannot join a 1-on-1 conversation");
        }
        if (await conversations.JoinAsync(conversationId, caller.UserId, cancellationToken))
        {
            var me = await users.GetAsync(caller.UserId, caller, cancellationToken);
            await presence.PublishAsync(conversationId, caller.UserId, me.Value?.Username ?? "", ChatroomPresenceActions.Joined, cancellationToken);
            await welcomeBot.GreetRoomJoinAsync(caller.UserId, conversationId, cancellationToken);
        }
        return Result.Ok;
    }

    /// <summary>Room moderators remove a participant: <c>removed_participant</c> names the removed user, then the user stops
    /// viewing the room everywhere. Removing someone who is not in the room changes nothing.</summary>
    public async Task<Result> RemoveParticipantAsync(Caller caller, long conversationId, long participantId, CancellationToken cancellationToken)
    {
        var room = await FindRoomAsync(caller, conversationId, cancellationToken);
        if (room.Error is { } missing)
        {
            return missing;
        }
        if (!(await capabilities.ForRoomAsync(caller, conversationId, cancellationToken)).CanModerate)
        {
            return Error.Forbidden(ModerateForbidden);
        }
        await conversations.RemoveParticipantAsync(conversationId, isGroup: true, participantId, ChatroomPresenceActions.Removed, cancellationToken);
        return Result.Ok;
    }

    /// <summary>A group conversation the caller may address as a chatroom: 404 "Chatroom with ID n not found" when it is
    /// missing, deleted, a DM, or a private group the caller is not in (admins see every group).</summary>
    public async Task<Result<ConversationAccessRow>> FindRoomAsync(Caller caller, long conversationId, CancellationToken cancellationToken)
    {
        var room = await access.FindAsync(caller.UserId, conversationId, cancellationToken);
        if (room is null || !room.IsGroup || (room.IsPrivateGroup && !room.IsParticipant && !caller.IsAdmin))
        {
            return Error.NotFound("Chatroom", conversationId);
        }
        return room;
    }
}
