using Dapper;
using Npgsql;
using Sanctum.Api.Infrastructure.Auth;
using Sanctum.Api.Infrastructure.Data;
using Sanctum.Api.Infrastructure.Errors;

namespace Sanctum.Api.Features.Conversations;

/// <summary>
/// The one participant check of chat (contract 9, 10, 12.3): every route and socket frame that reads or writes inside a
/// conversation asks it first. A missing or deleted conversation is 404; a conversation the caller is not in is 403
/// "You are not a participant in this conversation". Admins get no exemption: reading other people's messages is not
/// an admin power in the contract.
/// </summary>
public sealed class ConversationAccess(NpgsqlDataSource db)
{
    public const string NotParticipant = "You are not a participant in this conversation";

    /// <summary>The conversation if it exists and the caller participates in it.</summary>
    public async Task<Result<ConversationAccessRow>> AuthorizeAsync(Caller caller, long conversationId, CancellationToken cancellationToken)
    {
        var row = await FindAsync(caller.UserId, conversationId, cancellationToken);
        if (row is null)
        {
            return Error.NotFound("Conversation", conversationId);
        }
        return row.IsParticipant ? row : Error.Forbidden(NotParticipant);
    }

    /// <summary>
    /// A live message of a conversation the caller is in (reactions, reports, deletion): the conversation's 404/403 as
    /// <see cref="AuthorizeAsync"/>, then 404 "Message with ID n not found" when the message is missing, deleted or in
    /// another conversation; else its sender's id. <paramref name="adminMayEnter"/> lets an admin past the participant
    /// check (deleting a message as moderation).
    /// </summary>
    public async Task<Result<long>> AuthorizeMessageAsync(
        Caller caller, long conversationId, long messageId, CancellationToken cancellationToken, bool adminMayEnter = false)
    {
        var row = await FindAsync(caller.UserId, conversationId, cancellationToken);
        if (row is null)
        {
            return Error.NotFound("Conversation", conversationId);
        }
        if (!row.IsParticipant && !(adminMayEnter && caller.IsAdmin))
        {
            return Error.Forbidden(NotParticipant);
        }
        const string sql = "SELECT sender_id FROM messages WHERE id = @messageId AND conversation_id = @conversationId AND deleted_at IS NULL";
        return await db.QuerySingleOrDefaultAsync<long?>(sql, new { conversationId, messageId }, cancellationToken) is { } senderId
            ? senderId
            : Error.NotFound("Message", messageId);
    }

    /// <summary>The conversation as the user sees it, or null when it does not exist or is deleted.</summary>
    public async Task<ConversationAccessRow?> FindAsync(long userId, long conversationId, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT c.id, c.is_group, c.created_by, c.sanctum_id,
                   EXISTS (SELECT 1 FROM conversation_participants p WHERE p.conversation_id = c.id AND p.user_id = @userId) AS is_participant
            FROM conversations c
            WHERE c.id = @conversationId AND c.deleted_at IS NULL
            """;
        return await db.QuerySingleOrDefaultAsync<ConversationAccessRow>(sql, new { userId, conversationId }, cancellationToken);
    }
}
