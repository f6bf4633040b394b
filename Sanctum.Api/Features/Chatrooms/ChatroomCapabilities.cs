using Sanctum.Api.Features.Conversations;
using Sanctum.Api.Infrastructure.Auth;

namespace Sanctum.Api.Features.Chatrooms;

/// <summary>
/// Contract 10's capabilities, decided here and nowhere else.
/// <c>can_moderate</c>: admin, or the room's sanctum owner/mod, or a chatroom moderator of the room, or (a room with no
/// sanctum) its creator. <c>can_manage_moderators</c>: admin, or the room's sanctum owner/mod. Unknown room: neither.
/// Also what <c>GET /api/conversations/:id</c> shows for a group.
/// </summary>
public sealed class ChatroomCapabilities(ChatroomStore store)
{
    public static readonly ChatroomCapabilitiesDto None = new(false, false);

    /// <summary>The caller's capabilities in each room, one query; rooms that do not exist map to <see cref="None"/>.</summary>
    public async Task<IReadOnlyDictionary<long, ChatroomCapabilitiesDto>> ForRoomsAsync(
        Caller caller, IReadOnlyList<long> conversationIds, CancellationToken cancellationToken)
    {
        if (conversationIds.Count == 0)
        {
            return new Dictionary<long, ChatroomCapabilitiesDto>();
        }
        var rows = await store.CapabilitiesAsync(conversationIds, caller.UserId, caller.IsAdmin, cancellationToken);
        var found = rows.ToDictionary(row => row.Id, row => new ChatroomCapabilitiesDto(row.CanModerate, row.CanManageModerators));
        return conversationIds.Distinct().ToDictionary(id => id, id => found.GetValueOrDefault(id, None));
    }

    public async Task<ChatroomCapabilitiesDto> ForRoomAsync(Caller caller, long conversationId, CancellationToken cancellationToken) =>
        (await ForRoomsAsync(caller, [conversationId], cancellationToken))[conversationId];
}
