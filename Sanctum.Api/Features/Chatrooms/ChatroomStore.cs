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
    /// <summary>The conversation if it exists and is not deleted, with whether the user participates.</summary>
    public Task<ChatroomRow?> FindAsync(long conversationId, long userId, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT c.id, c.is_group, c.created_by, c.sanctum_id,
                   EXISTS (SELECT 1 FROM conversation_participants p WHERE p.conversation_id = c.id AND p.user_id = @userId) AS is_participant
            FROM conversations c
            WHERE c.id = @conversationId AND c.deleted_at IS NULL
            """;
        return db.QuerySingleOrDefaultAsync<ChatroomRow>(sql, new { conversationId, userId }, cancellationToken);
    }

    /// <summary>A page of sanctum rooms by name then id, with the caller's membership and unread count (messages after
    /// their read mark from someone else, not deleted; 0 when not joined).</summary>
    public Task<IReadOnlyList<ChatroomListRow>> ListAsync(long userId, bool joinedOnly, Page page, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT c.id, c.name, c.is_group, c.avatar, c.created_by, c.sanctum_id, c.created_at, c.updated_at,
                   (p.user_id IS NOT NULL) AS is_joined,
                   CASE WHEN p.user_id IS NULL THEN 0 ELSE (
                       SELECT count(*)::int FROM messages m
                       WHERE m.conversation_id = c.id AND m.id > p.last_read_message_id
                         AND m.sender_id <> @userId AND m.deleted_at IS NULL) END AS unread_count
            FROM conversations c
            LEFT JOIN conversation_participants p ON p.conversation_id = c.id AND p.user_id = @userId
            WHERE c.is_group AND c.sanctum_id IS NOT NULL AND c.deleted_at IS NULL
              AND (NOT @joinedOnly OR p.user_id IS NOT NULL)
            ORDER BY c.name, c.id
            LIMIT @limit OFFSET @offset
            """;
        return db.QueryListAsync<ChatroomListRow>(sql, new { userId, joinedOnly, limit = page.Limit, offset = page.Offset }, cancellationToken);
    }

    /// <summary>The participants of each conversation (first <paramref name="cap"/> by join time), one query for all.</summary>
    public Task<IReadOnlyList<(long ConversationId, UserRow User)>> ParticipantsAsync(
        IReadOnlyList<long> conversationIds, int cap, CancellationToken cancellationToken)
    {
        const string sql = $"""
            SELECT x.conversation_id, x.id, x.username, x.email, x.bio, x.avatar, x.is_admin, x.is_banned, x.banned_at,
                   x.banned_reason, x.banned_by_user_id, x.created_at, x.updated_at
            FROM unnest(@ids) AS c(id)
            CROSS JOIN LATERAL (
                SELECT p.conversation_id, {UserStore.Columns}
                FROM conversation_participants p
                JOIN users u ON u.id = p.user_id AND u.deleted_at IS NULL
                WHERE p.conversation_id = c.id
                ORDER BY p.joined_at, p.user_id
                LIMIT @cap) x
            """;
        return db.QueryListAsync<ConversationRef, UserRow, (long, UserRow)>(sql, new { ids = conversationIds.ToArray(), cap },
            static (conversation, user) => (conversation.ConversationId, user), splitOn: "id", cancellationToken);
    }

    /// <summary>How many users participate in the conversation.</summary>
    public Task<int> CountParticipantsAsync(long conversationId, CancellationToken cancellationToken) =>
        db.ExecuteScalarAsync<int>(
            "SELECT count(*)::int FROM conversation_participants WHERE conversation_id = @conversationId",
            new { conversationId }, cancellationToken);

    /// <summary>The latest message of each conversation with its sender, one query for the page.</summary>
    public Task<IReadOnlyList<(ChatMessageRow Message, UserRow? Sender)>> LatestMessagesAsync(
        IReadOnlyList<long> conversationIds, CancellationToken cancellationToken)
    {
        const string sql = $"""
            SELECT m.id, m.conversation_id, m.sender_id, m.content, m.message_type, m.metadata::text AS metadata_json,
                   m.is_read, m.read_at, m.created_at, m.updated_at, s.*
            FROM unnest(@ids) AS c(id)
            CROSS JOIN LATERAL (
                SELECT * FROM messages m WHERE m.conversation_id = c.id AND m.deleted_at IS NULL ORDER BY m.id DESC LIMIT 1) m
            LEFT JOIN (SELECT {UserStore.Columns} FROM users u WHERE u.deleted_at IS NULL) s ON s.id = m.sender_id
            """;
        return db.QueryListAsync<ChatMessageRow, UserRow?, (ChatMessageRow, UserRow?)>(sql, new { ids = conversationIds.ToArray() },
            static (message, sender) => (message, sender), splitOn: "id", cancellationToken);
    }

    /// <summary>Adds the user, read up to the room's latest message (no backlog). False when already a participant.</summary>
    public async Task<bool> JoinAsync(long conversationId, long userId, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO conversation_participants (conversation_id, user_id, last_read_message_id)
            SELECT @conversationId, @userId,
                   COALESCE((SELECT max(m.id) FROM messages m WHERE m.conversation_id = @conversationId), 0)
            ON CONFLICT (conversation_id, user_id) DO NOTHING
            """;
        return await db.ExecuteAsync(sql, new { conversationId, userId }, cancellationToken) == 1;
    }

    /// <summary>Removes the participant; their username when they were one, else null.</summary>
    public Task<string?> RemoveParticipantAsync(long conversationId, long userId, CancellationToken cancellationToken)
    {
        const string sql = """
            WITH removed AS (
                DELETE FROM conversation_participants WHERE conversation_id = @conversationId AND user_id = @userId
                RETURNING user_id)
            SELECT COALESCE(u.username, '') FROM removed LEFT JOIN users u ON u.id = removed.user_id
            """;
        return db.ExecuteScalarAsync<string?>(sql, new { conversationId, userId }, cancellationToken);
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
