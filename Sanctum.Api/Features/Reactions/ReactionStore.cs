using Npgsql;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Reactions;

/// <summary>SQL for message_reactions.</summary>
public sealed class ReactionStore(NpgsqlDataSource db)
{
    /// <summary>Adds the reaction once (the unique message+user+emoji makes a repeat a no-op).</summary>
    public Task AddAsync(long messageId, long userId, string emoji, CancellationToken cancellationToken) =>
        db.ExecuteAsync("""
            INSERT INTO message_reactions (message_id, user_id, emoji) VALUES (@messageId, @userId, @emoji)
            ON CONFLICT (message_id, user_id, emoji) DO NOTHING
            """, new { messageId, userId, emoji }, cancellationToken);

    public Task RemoveAsync(long messageId, long userId, string emoji, CancellationToken cancellationToken) =>
        db.ExecuteAsync("DELETE FROM message_reactions WHERE message_id = @messageId AND user_id = @userId AND emoji = @emoji",
            new { messageId, userId, emoji }, cancellationToken);

    /// <summary>Each emoji of the message with its count and which of <paramref name="viewers"/> used it, one query.</summary>
    public Task<IReadOnlyList<EmojiCountRow>> CountsAsync(long messageId, IReadOnlyCollection<long> viewers, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT emoji, count(*)::int AS count,
                   COALESCE(array_agg(user_id) FILTER (WHERE user_id = ANY(@viewers)), '{}') AS reacted_by
            FROM message_reactions WHERE message_id = @messageId
            GROUP BY emoji
            """;
        return db.QueryListAsync<EmojiCountRow>(sql, new { messageId, viewers = viewers.ToArray() }, cancellationToken);
    }

    /// <summary>The first <paramref name="cap"/> participants of the conversation.</summary>
    public Task<IReadOnlyList<long>> ParticipantIdsAsync(long conversationId, int cap, CancellationToken cancellationToken) =>
        db.QueryListAsync<long>("""
            SELECT user_id FROM conversation_participants WHERE conversation_id = @conversationId
            ORDER BY joined_at, user_id LIMIT @cap
            """, new { conversationId, cap }, cancellationToken);
}
