using Dapper;
using Npgsql;
using Sanctum.Api.Features.Blocks;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Conversations;

/// <summary>SQL for messages, their read state, mentions and the welcome bot's once-only messages (contract 9, 15, 17).</summary>
public sealed class MessageStore(NpgsqlDataSource db)
{
    private const string MessageColumns = """
        m.id, m.conversation_id, m.sender_id, m.content, m.message_type, m.metadata::text AS metadata, m.is_read, m.read_at,
        m.created_at, m.updated_at
        """;

    private const string WithSender = "LEFT JOIN users u ON u.id = m.sender_id AND u.deleted_at IS NULL";

    /// <summary>
    /// Stores the message, bumps the conversation's <c>updated_at</c> and advances the sender's own read state to it, in
    /// one statement. For a DM (<paramref name="dmPeerId"/> set) the statement runs under the pair's lock
    /// (<see cref="BlockStore.PairLockSql"/>) and refuses a block inside it, so no message slips in beside a block being
    /// written: null then, and nothing is stored.
    /// </summary>
    public async Task<MessageRow?> InsertAsync(
        long conversationId, long senderId, string content, string messageType, string? metadata, long? dmPeerId, CancellationToken cancellationToken)
    {
        const string sql = $"""
            WITH m AS (
                INSERT INTO messages (conversation_id, sender_id, content, message_type, metadata)
                SELECT @conversationId, @senderId, @content, @messageType, @metadata::jsonb
                WHERE @peerId::bigint IS NULL OR NOT EXISTS (
                    SELECT 1 FROM user_blocks
                    WHERE (blocker_id = @senderId AND blocked_id = @peerId::bigint) OR (blocker_id = @peerId::bigint AND blocked_id = @senderId))
                RETURNING *),
            c AS (UPDATE conversations SET updated_at = NOW() WHERE id = @conversationId AND EXISTS (SELECT 1 FROM m)),
            r AS (UPDATE conversation_participants
                  SET last_read_message_id = GREATEST(last_read_message_id, (SELECT id FROM m)), last_read_at = NOW()
                  WHERE conversation_id = @conversationId AND user_id = @senderId AND EXISTS (SELECT 1 FROM m))
            SELECT {MessageColumns}, {UserStore.Columns} FROM m {WithSender}
            """;
        var parameters = new { conversationId, senderId, content, messageType, metadata, peerId = dmPeerId };
        if (dmPeerId is not { } peer)
        {
            var rows = await QueryAsync(sql, parameters, cancellationToken);
            return rows[0];
        }
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(BlockStore.PairLockSql, new { a = senderId, b = peer }, tx, cancellationToken: cancellationToken));
        var inserted = await connection.QueryAsync<MessageRow, UserRow, MessageRow>(
            new CommandDefinition(sql, parameters, tx, cancellationToken: cancellationToken), MapSender, splitOn: "id");
        await tx.CommitAsync(cancellationToken);
        return inserted.FirstOrDefault();
    }

    /// <summary>
    /// The welcome bot's message, stored only if <c>welcome_bot_events</c> has no (user, event conversation, type) row
    /// yet, and the row recorded in the same statement; null when it was already done. Metadata NULL (contract 17).
    /// <paramref name="seenByUser"/> advances the greeted user's read state past it (a room's greeting is part of
    /// joining, not news to the newcomer).
    /// </summary>
    public async Task<MessageRow?> InsertOnceAsync(
        long userId, long? eventConversationId, string eventType, long conversationId, long botId, string content, bool seenByUser,
        CancellationToken cancellationToken)
    {
        const string sql = $"""
            WITH e AS (
                INSERT INTO welcome_bot_events (user_id, conversation_id, event_type) VALUES (@userId, @eventConversationId, @eventType)
                ON CONFLICT DO NOTHING RETURNING id),
            m AS (
                INSERT INTO messages (conversation_id, sender_id, content, message_type, metadata)
                SELECT @conversationId, @botId, @content, 'text', NULL FROM e
                RETURNING *),
            c AS (UPDATE conversations SET updated_at = NOW() WHERE id = @conversationId AND EXISTS (SELECT 1 FROM m)),
            r AS (UPDATE conversation_participants
                  SET last_read_message_id = GREATEST(last_read_message_id, (SELECT id FROM m)), last_read_at = NOW()
                  WHERE conversation_id = @conversationId AND user_id = @userId AND @seenByUser AND EXISTS (SELECT 1 FROM m))
            SELECT {MessageColumns}, {UserStore.Columns} FROM m {WithSender}
            """;
        var rows = await QueryAsync(sql, new { userId, eventConversationId, eventType, conversationId, botId, content, seenByUser }, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>The latest live message of each conversation (LATERAL on the history index): one query for a page.</summary>
    public async Task<IReadOnlyDictionary<long, MessageRow>> LatestAsync(IReadOnlyCollection<long> conversationIds, CancellationToken cancellationToken)
    {
        if (conversationIds.Count == 0)
        {
            return new Dictionary<long, MessageRow>();
        }
        const string sql = $"""
            SELECT {MessageColumns}, {UserStore.Columns}
            FROM unnest(@ids::bigint[]) AS c(id)
            CROSS JOIN LATERAL (SELECT * FROM messages m WHERE m.conversation_id = c.id AND m.deleted_at IS NULL ORDER BY m.id DESC LIMIT 1) m
            {WithSender}
            """;
        var rows = await QueryAsync(sql, new { ids = conversationIds.ToArray() }, cancellationToken);
        return rows.ToDictionary(row => row.ConversationId);
    }

    /// <summary>
    /// A page of the history, NEWEST first: after skipping <paramref name="page"/>'s offset, and below
    /// <paramref name="beforeId"/> when given; messages from senders the viewer blocked are left out (contract 8).
    /// </summary>
    public Task<IReadOnlyList<MessageRow>> NewestAsync(
        long conversationId, long viewerId, Page page, long? beforeId, CancellationToken cancellationToken)
    {
        const string sql = $"""
            SELECT {MessageColumns}, {UserStore.Columns}
            FROM messages m {WithSender}
            WHERE m.conversation_id = @conversationId AND m.deleted_at IS NULL
              AND (@beforeId::bigint IS NULL OR m.id < @beforeId::bigint)
              AND NOT EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = @viewerId AND b.blocked_id = m.sender_id)
            ORDER BY m.id DESC
            LIMIT @limit OFFSET @offset
            """;
        return QueryAsync(sql, new { conversationId, viewerId, beforeId, limit = page.Limit, offset = page.Offset }, cancellationToken);
    }

    /// <summary>The raw reactions of the messages, oldest first.</summary>
    public async Task<ILookup<long, MessageReactionDto>> ReactionsAsync(IReadOnlyCollection<long> messageIds, CancellationToken cancellationToken)
    {
        if (messageIds.Count == 0)
        {
            return Array.Empty<MessageReactionDto>().ToLookup(reaction => reaction.MessageId);
        }
        const string sql = """
            SELECT id, message_id, user_id, emoji, created_at FROM message_reactions
            WHERE message_id = ANY(@ids) ORDER BY created_at, id
            """;
        var rows = await db.QueryListAsync<MessageReactionDto>(sql, new { ids = messageIds.ToArray() }, cancellationToken);
        return rows.ToLookup(reaction => reaction.MessageId);
    }

    /// <summary>Soft-deletes the message; false when it was already gone.</summary>
    public async Task<bool> SoftDeleteAsync(long conversationId, long messageId, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            "UPDATE messages SET deleted_at = NOW() WHERE id = @messageId AND conversation_id = @conversationId AND deleted_at IS NULL",
            new { conversationId, messageId }, cancellationToken) > 0;

    /// <summary>
    /// Everything up to the latest message is read by the user: their read state advances to it, and the messages of
    /// the others are marked read. The time it happened, or null when the user is not a participant.
    /// </summary>
    public Task<DateTime?> MarkReadAsync(long conversationId, long userId, CancellationToken cancellationToken)
    {
        const string sql = """
            WITH p AS (
                UPDATE conversation_participants
                SET last_read_message_id = GREATEST(last_read_message_id,
                        COALESCE((SELECT MAX(id) FROM messages WHERE conversation_id = @conversationId), 0)),
                    last_read_at = NOW()
                WHERE conversation_id = @conversationId AND user_id = @userId
                RETURNING last_read_at),
            m AS (
                UPDATE messages SET is_read = TRUE, read_at = NOW()
                WHERE conversation_id = @conversationId AND sender_id <> @userId AND NOT is_read AND EXISTS (SELECT 1 FROM p))
            SELECT last_read_at FROM p
            """;
        return db.QuerySingleOrDefaultAsync<DateTime?>(sql, new { conversationId, userId }, cancellationToken);
    }

    /// <summary>
    /// Records the mentions of a message: the participants (other than the sender) whose lower-cased username is in
    /// <paramref name="names"/>. Returns the users newly mentioned.
    /// </summary>
    public async Task<IReadOnlyList<MentionedUser>> InsertMentionsAsync(
        long messageId, long conversationId, long senderId, IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO message_mentions (message_id, conversation_id, mentioned_user_id, mentioned_by_user_id)
            SELECT @messageId, @conversationId, u.id, @senderId
            FROM conversation_participants p JOIN users u ON u.id = p.user_id AND u.deleted_at IS NULL
            WHERE p.conversation_id = @conversationId AND u.id <> @senderId AND lower(u.username) = ANY(@names)
            ON CONFLICT DO NOTHING
            RETURNING mentioned_user_id AS user_id, created_at
            """;
        return await db.QueryListAsync<MentionedUser>(sql, new { messageId, conversationId, senderId, names = names.ToArray() }, cancellationToken);
    }

    /// <summary>The user's mentions, newest first, in conversations they still participate in, with the live message,
    /// its sender and the conversation.</summary>
    public async Task<IReadOnlyList<(MentionRow Mention, MessageRow Message, ConversationRow Conversation)>> ListMentionsAsync(
        long userId, Page page, CancellationToken cancellationToken)
    {
        const string sql = $"""
            SELECT mm.id, mm.message_id, mm.conversation_id, mm.mentioned_user_id, mm.mentioned_by_user_id, mm.created_at, mm.read_at,
                   {MessageColumns}, {UserStore.Columns},
                   c.id, c.name, c.is_group, c.avatar, c.created_by, c.sanctum_id, c.created_at, c.updated_at
            FROM message_mentions mm
            JOIN conversation_participants p ON p.conversation_id = mm.conversation_id AND p.user_id = @userId
            JOIN conversations c ON c.id = mm.conversation_id AND c.deleted_at IS NULL
            JOIN messages m ON m.id = mm.message_id AND m.deleted_at IS NULL
            {WithSender}
            WHERE mm.mentioned_user_id = @userId
            ORDER BY mm.created_at DESC, mm.id DESC
            LIMIT @limit OFFSET @offset
            """;
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<MentionRow, MessageRow, UserRow, ConversationRow, (MentionRow, MessageRow, ConversationRow)>(
            new CommandDefinition(sql, new { userId, limit = page.Limit, offset = page.Offset }, cancellationToken: cancellationToken),
            static (mention, message, sender, conversation) =>
            {
                message.Sender = sender;
                return (mention, message, conversation);
            },
            splitOn: "id,id,id");
        return rows.AsList();
    }

    private Task<IReadOnlyList<MessageRow>> QueryAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        db.QueryListAsync<MessageRow, UserRow, MessageRow>(sql, parameters, MapSender, splitOn: "id", cancellationToken);

    private static MessageRow MapSender(MessageRow message, UserRow? sender)
    {
        message.Sender = sender;
        return message;
    }
}
