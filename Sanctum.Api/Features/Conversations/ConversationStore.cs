using Dapper;
using Npgsql;
using Sanctum.Api.Features.Blocks;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Conversations;

/// <summary>What creating a conversation came to: its id, or the first unknown user id, or a block (nothing written).</summary>
public sealed record CreateConversationOutcome(long? ConversationId, long? MissingUserId = null, bool Blocked = false);

/// <summary>
/// SQL for conversations and their participants (contract 9, 15). Unread counts are computed from
/// <c>last_read_message_id</c>: messages after it, from someone else, not deleted. No Redis cache on purpose (issue 11:
/// correctness first; the list is one indexed query per page).
/// </summary>
public sealed class ConversationStore(NpgsqlDataSource db)
{
    /// <summary>Participant <c>p</c>'s unread count in conversation <c>c</c>: messages after their read mark, from
    /// someone else, not deleted (an index range on <c>idx_messages_conversation_id</c>). 0 when <c>p</c> is a LEFT JOIN
    /// that found no row. The chatroom list uses it too.</summary>
    public const string UnreadCountSql = """
        (SELECT COUNT(*)::int FROM messages m
         WHERE m.conversation_id = c.id AND m.id > p.last_read_message_id AND m.sender_id <> p.user_id AND m.deleted_at IS NULL)
        """;

    /// <summary>A conversation <c>c</c> as participant <c>p</c> sees it.</summary>
    private const string ConversationColumns = $"""
        c.id, c.name, c.is_group, c.avatar, c.created_by, c.sanctum_id, c.created_at, c.updated_at, {UnreadCountSql} AS unread_count
        """;

    /// <summary>The ids of <paramref name="userIds"/> that are not live users.</summary>
    private const string MissingUsersSql = """
        SELECT id FROM unnest(@userIds::bigint[]) WITH ORDINALITY AS wanted(id, n)
        WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = wanted.id AND u.deleted_at IS NULL)
        ORDER BY n
        """;

    /// <summary>
    /// The one DM between the two users, created or reused, both of them (re-)added as participants. Holds the pair's
    /// lock (<see cref="BlockStore.PairLockSql"/>) for its transaction and refuses a block inside it, so a DM never
    /// opens beside a block being written; two users opening the same DM at once meet on one row (uq_conversations_dm_pair).
    /// </summary>
    public async Task<CreateConversationOutcome> OpenDirectAsync(long userId, long otherUserId, CancellationToken cancellationToken)
    {
        const string blockedSql = """
            SELECT EXISTS (SELECT 1 FROM user_blocks
                           WHERE (blocker_id = @userId AND blocked_id = @otherUserId) OR (blocker_id = @otherUserId AND blocked_id = @userId))
            """;
        const string insertSql = """
            INSERT INTO conversations (name, is_group, created_by, dm_user_low, dm_user_high)
            VALUES ('', FALSE, @userId, LEAST(@userId::bigint, @otherUserId::bigint), GREATEST(@userId::bigint, @otherUserId::bigint))
            ON CONFLICT (dm_user_low, dm_user_high) WHERE dm_user_low IS NOT NULL AND deleted_at IS NULL DO NOTHING
            RETURNING id
            """;
        const string existingSql = """
            SELECT id FROM conversations
            WHERE dm_user_low = LEAST(@userId::bigint, @otherUserId::bigint) AND dm_user_high = GREATEST(@userId::bigint, @otherUserId::bigint)
              AND deleted_at IS NULL
            """;
        const string participantsSql = """
            INSERT INTO conversation_participants (conversation_id, user_id)
            VALUES (@id, @userId), (@id, @otherUserId)
            ON CONFLICT DO NOTHING
            """;
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var args = new { userId, otherUserId, userIds = new[] { otherUserId } };
        await connection.ExecuteAsync(new CommandDefinition(BlockStore.PairLockSql, new { a = userId, b = otherUserId }, tx, cancellationToken: cancellationToken));
        var missing = await connection.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(MissingUsersSql, args, tx, cancellationToken: cancellationToken));
        if (missing is not null)
        {
            return new CreateConversationOutcome(null, MissingUserId: missing);
        }
        if (await connection.QuerySingleAsync<bool>(new CommandDefinition(blockedSql, args, tx, cancellationToken: cancellationToken)))
        {
            return new CreateConversationOutcome(null, Blocked: true);
        }
        var id = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(insertSql, args, tx, cancellationToken: cancellationToken))
                 ?? await connection.QuerySingleAsync<long>(new CommandDefinition(existingSql, args, tx, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(participantsSql, new { id, userId, otherUserId }, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        return new CreateConversationOutcome(id);
    }

    /// <summary>A new conversation of the creator and <paramref name="otherUserIds"/>; nothing written when one is unknown.</summary>
    public async Task<CreateConversationOutcome> CreateAsync(
        long creatorId, IReadOnlyList<long> otherUserIds, bool isGroup, string name, CancellationToken cancellationToken)
    {
        const string insertSql = """
            WITH c AS (INSERT INTO conversations (name, is_group, created_by) VALUES (@name, @isGroup, @creatorId) RETURNING id),
                 p AS (INSERT INTO conversation_participants (conversation_id, user_id)
                       SELECT c.id, ids.id FROM c CROSS JOIN unnest(@allIds::bigint[]) AS ids(id))
            SELECT id FROM c
            """;
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var missing = await connection.QueryFirstOrDefaultAsync<long?>(
            new CommandDefinition(MissingUsersSql, new { userIds = otherUserIds.ToArray() }, tx, cancellationToken: cancellationToken));
        if (missing is not null)
        {
            return new CreateConversationOutcome(null, MissingUserId: missing);
        }
        var allIds = otherUserIds.Prepend(creatorId).ToArray();
        var id = await connection.QuerySingleAsync<long>(
            new CommandDefinition(insertSql, new { name, isGroup, creatorId, allIds }, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        return new CreateConversationOutcome(id);
    }

    /// <summary>The conversation as participant <paramref name="userId"/> sees it (with their unread count).</summary>
    public async Task<ConversationRow?> FindForParticipantAsync(long userId, long conversationId, CancellationToken cancellationToken)
    {
        const string sql = $"""
            SELECT {ConversationColumns}
            FROM conversation_participants p JOIN conversations c ON c.id = p.conversation_id AND c.deleted_at IS NULL
            WHERE p.user_id = @userId AND p.conversation_id = @conversationId
            """;
        return await db.QuerySingleOrDefaultAsync<ConversationRow>(sql, new { userId, conversationId }, cancellationToken);
    }

    /// <summary>The user's conversations, most recently active first.</summary>
    public Task<IReadOnlyList<ConversationRow>> ListForUserAsync(long userId, Page page, CancellationToken cancellationToken)
    {
        const string sql = $"""
            SELECT {ConversationColumns}
            FROM conversation_participants p JOIN conversations c ON c.id = p.conversation_id AND c.deleted_at IS NULL
            WHERE p.user_id = @userId
            ORDER BY c.updated_at DESC, c.id DESC
            LIMIT @limit OFFSET @offset
            """;
        return db.QueryListAsync<ConversationRow>(sql, new { userId, limit = page.Limit, offset = page.Offset }, cancellationToken);
    }

    /// <summary>The live participants of every conversation in <paramref name="conversationIds"/>, in joining order,
    /// at most <paramref name="capPerConversation"/> each: one query for a whole page.</summary>
    public async Task<ILookup<long, UserRow>> ParticipantsAsync(
        IReadOnlyCollection<long> conversationIds, int capPerConversation, CancellationToken cancellationToken)
    {
        if (conversationIds.Count == 0)
        {
            return Array.Empty<(long, UserRow)>().ToLookup(pair => pair.Item1, pair => pair.Item2);
        }
        const string sql = $"""
            SELECT x.conversation_id, x.id, x.username, x.email, x.bio, x.avatar, x.is_admin, x.is_banned, x.banned_at, x.banned_reason,
                   x.banned_by_user_id, x.created_at, x.updated_at
            FROM (SELECT p.conversation_id, p.joined_at, {UserStore.Columns},
                         ROW_NUMBER() OVER (PARTITION BY p.conversation_id ORDER BY p.joined_at, p.user_id) AS n
                  FROM conversation_participants p JOIN users u ON u.id = p.user_id AND u.deleted_at IS NULL
                  WHERE p.conversation_id = ANY(@ids)) x
            WHERE x.n <= @cap
            ORDER BY x.conversation_id, x.joined_at, x.id
            """;
        var rows = await db.QueryListAsync<ConversationKey, UserRow, (long, UserRow)>(
            sql, new { ids = conversationIds.ToArray(), cap = capPerConversation }, static (key, user) => (key.ConversationId, user),
            splitOn: "id", cancellationToken);
        return rows.ToLookup(pair => pair.Item1, pair => pair.Item2);
    }

    public Task<int> CountParticipantsAsync(long conversationId, CancellationToken cancellationToken) =>
        db.ExecuteScalarAsync<int>("SELECT count(*)::int FROM conversation_participants WHERE conversation_id = @conversationId",
            new { conversationId }, cancellationToken);

    /// <summary>The ids of the conversation's participants.</summary>
    public Task<IReadOnlyList<long>> ParticipantIdsAsync(long conversationId, CancellationToken cancellationToken) =>
        db.QueryListAsync<long>("SELECT user_id FROM conversation_participants WHERE conversation_id = @conversationId",
            new { conversationId }, cancellationToken);

    /// <summary>Adds a live user (idempotent); their read state starts at the latest message, so they join with no
    /// backlog. Null when the user is unknown, else whether they were added now (false: already a participant).</summary>
    public async Task<bool?> AddParticipantAsync(long conversationId, long userId, CancellationToken cancellationToken)
    {
        const string sql = """
            WITH u AS (SELECT id FROM users WHERE id = @userId AND deleted_at IS NULL),
                 i AS (INSERT INTO conversation_participants (conversation_id, user_id, last_read_message_id)
                       SELECT @conversationId, u.id,
                              COALESCE((SELECT MAX(id) FROM messages WHERE conversation_id = @conversationId), 0)
                       FROM u
                       ON CONFLICT DO NOTHING
                       RETURNING 1)
            SELECT CASE WHEN EXISTS (SELECT 1 FROM u) THEN EXISTS (SELECT 1 FROM i) END
            """;
        return await db.QuerySingleAsync<bool?>(sql, new { conversationId, userId }, cancellationToken);
    }

    /// <summary>Removes only this participant; the conversation stays.</summary>
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

    /// <summary>Whether the user is muted in the room now (a row with no end or an end in the future).</summary>
    public Task<bool> IsMutedAsync(long conversationId, long userId, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT EXISTS (SELECT 1 FROM chatroom_mutes
                           WHERE conversation_id = @conversationId AND user_id = @userId AND (muted_until IS NULL OR muted_until > NOW()))
            """;
        return db.QuerySingleAsync<bool>(sql, new { conversationId, userId }, cancellationToken);
    }

    /// <summary>The welcome bot's user id (the user with both its username and its email), created on first use; two
    /// replicas creating it at once meet on the unique indexes. Null when a user holds either name and no bot exists
    /// (matching on one alone would let someone who signed up with that email speak as the bot).</summary>
    public async Task<long?> EnsureUserAsync(string username, string email, string bio, string passwordHash, CancellationToken cancellationToken)
    {
        const string sql = """
            WITH i AS (INSERT INTO users (username, email, password, bio) VALUES (@username, @email, @passwordHash, @bio)
                       ON CONFLICT DO NOTHING RETURNING id)
            SELECT id FROM i
            UNION ALL
            SELECT id FROM users WHERE lower(email) = lower(@email) AND lower(username) = lower(@username)
            LIMIT 1
            """;
        return await db.QuerySingleOrDefaultAsync<long?>(sql, new { username, email, bio, passwordHash }, cancellationToken);
    }
}

/// <summary>The conversation a joined row belongs to (the first column of a multi-mapped row).</summary>
public sealed class ConversationKey
{
    public long ConversationId { get; set; }
}
