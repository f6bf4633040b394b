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
