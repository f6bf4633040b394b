using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Events;
using Sanctum.Api.Infrastructure.Realtime;

namespace Sanctum.Api.Features.Conversations;

/// <summary>
/// <c>chatroom_presence</c> (contract 12.3) to the room's viewers on the chat socket: who joined, left or was removed
/// (<paramref name="userId"/> is always the user the action is about, contract 19.13 fixed), the participants in the
/// public form (capped at <see cref="Paging.ListCap"/>), the real member count, and which participants are online.
/// Raised by the chatroom join and participant-removal routes, and by the conversation leave route (<c>left_room</c>).
/// </summary>
public sealed class ChatroomPresence(ConversationStore store, Presence presence, IRealtimeEvents events)
{
    public const string EventType = "chatroom_presence";

    public async Task PublishAsync(long conversationId, long userId, string username, string action, CancellationToken cancellationToken)
    {
        var participants = (await store.ParticipantsAsync([conversationId], Paging.ListCap, cancellationToken))[conversationId]
            .Select(user => user.ToDto().PublicForm())
            .ToList();
        var memberCount = participants.Count < Paging.ListCap ? participants.Count : await store.CountParticipantsAsync(conversationId, cancellationToken);
        var online = (await presence.OnlineUsersAsync()).ToHashSet();
        var onlineIds = participants.Where(user => online.Contains(user.Id)).Select(user => user.Id).ToList();
        var payload = new ChatroomPresencePayload(conversationId, userId, username, action, participants, memberCount, onlineIds);
        await events.PublishAsync(new RealtimeEvent(EventType, payload, EventAudience.Viewers(conversationId))
        {
            Socket = SocketKind.Chat,
            ConversationId = conversationId,
            UserId = userId,
            Username = username,
        }, cancellationToken);
    }
}

/// <summary>Payload of <c>chatroom_presence</c> (contract 12.3): <c>user_id</c>/<c>username</c> name the user the action
/// is about (the removed user for <c>removed_participant</c>); participants in the public form.</summary>
public sealed record ChatroomPresencePayload(
    long ConversationId,
    long UserId,
    string Username,
    string Action,
    IReadOnlyList<UserDto> Participants,
    int MemberCount,
    IReadOnlyList<long> OnlineUserIds);

public static class ChatroomPresenceActions
{
    public const string Joined = "joined_room";
    public const string Left = "left_room";
    public const string Removed = "removed_participant";
}
