using Sanctum.Api.Features.Conversations;
using Npgsql;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Chatrooms;

/// <summary>
/// SQL for the chatroom list, joining, participants and capabilities (contract 10). A listed chatroom is a group
/// conversation linked to a sanctum and not deleted; a user-created group is never listed. No Redis cache here
/// (the original cached the list for 2 min; this issue puts correctness first).
/// </summary>
public sealed class ChatroomStore(NpgsqlDataSource db)
{
    /// <summary>A page of sanctum rooms by name then id, with the caller's membership and unread count (messages after
    /// their read mark from someone else, not deleted; 0 when not joined).</summary>
    public Task<IReadOnlyList<ChatroomListRow>> ListAsync(long userId, bool joinedOnly, Page page, CancellationToken cancellationToken)
    {
        const string sql = $"""
            SELECT c.id, c.name, c.is_group, c.avatar, c.created_by, c.sanctum_id, c.created_at, c.updated_at,
                   (p.user_id IS NOT NULL) AS is_joined, {ConversationStore.UnreadCountSql} AS unread_count
            FROM conversations c
            LEFT JOIN conversation_participants p ON p.conversation_id = c.id AND p.user_id = @userId
            WHERE c.is_group AND c.sanctum_id IS NOT NULL AND c.deleted_at IS NULL
              AND (NOT @joinedOnly OR p.user_id IS NOT NULL)
            ORDER BY c.name, c.id
            LIMIT @limit OFFSET @offset
            """;
        return db.QueryListAsync<ChatroomListRow>(sql, new { userId, joinedOnly, limit = page.Limit, offset = page.Offset }, cancellationToken);
    }

    /// <summary>Contract 10's capabilities of the user in each room, one query; unknown rooms are absent.</summary>
    public Task<IReadOnlyList<CapabilityRow>> CapabilitiesAsync(
        IReadOnlyList<long> conversationIds, long userId, bool isAdmin, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT c.id,
                   (@isAdmin OR sm.user_id IS NOT NULL OR cm.user_id IS NOT NULL
                    OR (c.sanctum_id IS NULL AND c.created_by = @userId)) AS can_moderate,
                   (@isAdmin OR sm.user_id IS NOT NULL) AS can_manage_moderators
            FROM conversations c
            LEFT JOIN sanctum_memberships sm
                   ON c.sanctum_id IS NOT NULL AND sm.sanctum_id = c.sanctum_id AND sm.user_id = @userId AND sm.role IN ('owner', 'mod')
            LEFT JOIN chatroom_moderators cm ON cm.conversation_id = c.id AND cm.user_id = @userId
            WHERE c.id = ANY(@ids) AND c.deleted_at IS NULL
            """;
        return db.QueryListAsync<CapabilityRow>(sql, new { ids = conversationIds.ToArray(), userId, isAdmin }, cancellationToken);
    }
}
