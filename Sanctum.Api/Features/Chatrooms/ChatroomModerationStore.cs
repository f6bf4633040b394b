using Dapper;
using Npgsql;
using Sanctum.Api.Features.Conversations;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Chatrooms;

/// <summary>SQL for chatroom_mutes and chatroom_moderators (contract 10).</summary>
public sealed class ChatroomModerationStore(NpgsqlDataSource db)
{
    private const string MuteColumns = "m.id, m.conversation_id, m.user_id, m.muted_by_user_id, m.reason, m.muted_until, m.created_at, m.updated_at";

    private const string MutesWithUsers = $"""
        SELECT {MuteColumns}, tu.*, mb.*
        FROM chatroom_mutes m
        LEFT JOIN (SELECT {UserStore.Columns} FROM users u WHERE u.deleted_at IS NULL) tu ON tu.id = m.user_id
        LEFT JOIN (SELECT {UserStore.Columns} FROM users u WHERE u.deleted_at IS NULL) mb ON mb.id = m.muted_by_user_id
        """;

    /// <summary>The room's mutes, expired included, newest first, with both users in the viewer's form.</summary>
    public Task<IReadOnlyList<ChatroomMuteDto>> ListMutesAsync(long conversationId, Page page, Caller viewer, CancellationToken cancellationToken)
    {
        const string sql = $"{MutesWithUsers} WHERE m.conversation_id = @conversationId ORDER BY m.created_at DESC, m.id DESC LIMIT @limit OFFSET @offset";
        return db.QueryListAsync<ChatroomMuteDto, UserRow?, UserRow?, ChatroomMuteDto>(sql,
            new { conversationId, limit = page.Limit, offset = page.Offset },
            (mute, user, mutedBy) => mute with { User = user?.ToDto(viewer), MutedByUser = mutedBy?.ToDto(viewer) },
            splitOn: "id,id", cancellationToken);
    }

    /// <summary>Every mute of the user (admin console), expired included, newest first, with the room and the moderator.</summary>
    public async Task<IReadOnlyList<ChatroomMuteDto>> ListMutesOfUserAsync(long userId, int limit, Caller viewer, CancellationToken cancellationToken)
    {
        const string sql = $"""
            SELECT {MuteColumns}, tu.*, mb.*,
                   c.id, c.name, c.is_group, c.avatar, c.created_by, c.sanctum_id, c.created_at, c.updated_at
            FROM chatroom_mutes m
            LEFT JOIN (SELECT {UserStore.Columns} FROM users u WHERE u.deleted_at IS NULL) tu ON tu.id = m.user_id
            LEFT JOIN (SELECT {UserStore.Columns} FROM users u WHERE u.deleted_at IS NULL) mb ON mb.id = m.muted_by_user_id
            JOIN conversations c ON c.id = m.conversation_id
            WHERE m.user_id = @userId
            ORDER BY m.created_at DESC, m.id DESC
            LIMIT @limit
            """;
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ChatroomMuteDto, UserRow?, UserRow?, ChatroomListRow, ChatroomMuteDto>(
            new CommandDefinition(sql, new { userId, limit }, cancellationToken: cancellationToken),
            (mute, user, mutedBy, room) => mute with
            {
                User = user?.ToDto(viewer),
                MutedByUser = mutedBy?.ToDto(viewer),
                Conversation = new ConversationDto(room.Id, room.Name, room.IsGroup, room.Avatar, room.CreatedBy, room.SanctumId,
                    room.CreatedAt, room.UpdatedAt, null, null, 0),
            },
            splitOn: "id,id,id");
        return rows.AsList();
    }

    /// <summary>Creates or replaces the user's mute in the room.</summary>
    public Task UpsertMuteAsync(long conversationId, long userId, long mutedBy, string reason, DateTime? mutedUntil, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO chatroom_mutes (conversation_id, user_id, muted_by_user_id, reason, muted_until)
            VALUES (@conversationId, @userId, @mutedBy, @reason, @mutedUntil)
            ON CONFLICT (conversation_id, user_id) DO UPDATE
            SET muted_by_user_id = EXCLUDED.muted_by_user_id, reason = EXCLUDED.reason,
                muted_until = EXCLUDED.muted_until, updated_at = NOW()
            """;
        return db.ExecuteAsync(sql, new { conversationId, userId, mutedBy, reason, mutedUntil }, cancellationToken);
    }

    public Task DeleteMuteAsync(long conversationId, long userId, CancellationToken cancellationToken) =>
        db.ExecuteAsync("DELETE FROM chatroom_mutes WHERE conversation_id = @conversationId AND user_id = @userId",
            new { conversationId, userId }, cancellationToken);

    public Task<IReadOnlyList<ChatroomModeratorDto>> ListModeratorsAsync(long conversationId, Page page, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT conversation_id, user_id, granted_by_user_id, created_at FROM chatroom_moderators
            WHERE conversation_id = @conversationId ORDER BY created_at, user_id LIMIT @limit OFFSET @offset
            """;
        return db.QueryListAsync<ChatroomModeratorDto>(sql, new { conversationId, limit = page.Limit, offset = page.Offset }, cancellationToken);
    }

    /// <summary>Grants the role once: an existing grant is returned as it is (its granter and time kept).</summary>
    public Task<ChatroomModeratorDto> GrantModeratorAsync(long conversationId, long userId, long grantedBy, CancellationToken cancellationToken)
    {
        // The no-op update returns the existing row, also when a concurrent grant inserted it first (DO NOTHING would
        // return no row then).
        const string sql = """
            INSERT INTO chatroom_moderators (conversation_id, user_id, granted_by_user_id)
            VALUES (@conversationId, @userId, @grantedBy)
            ON CONFLICT (conversation_id, user_id) DO UPDATE SET granted_by_user_id = chatroom_moderators.granted_by_user_id
            RETURNING conversation_id, user_id, granted_by_user_id, created_at
            """;
        return db.QuerySingleAsync<ChatroomModeratorDto>(sql, new { conversationId, userId, grantedBy }, cancellationToken);
    }

    public Task RevokeModeratorAsync(long conversationId, long userId, CancellationToken cancellationToken) =>
        db.ExecuteAsync("DELETE FROM chatroom_moderators WHERE conversation_id = @conversationId AND user_id = @userId",
            new { conversationId, userId }, cancellationToken);
}
