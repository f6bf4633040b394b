using Dapper;
using Npgsql;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Comments;

/// <summary>A live post and, when it is a live comment of that post, the comment's author.</summary>
public sealed record CommentTarget(long PostId, long? AuthorId);

/// <summary>SQL for comments. Soft-deleted comments are hidden; their replies stay.</summary>
public sealed class CommentStore(NpgsqlDataSource db)
{
    public const string ParentForeignKey = "fk_comments_parent";

    private const string Select = """
        SELECT c.id, c.content, c.user_id, c.post_id, c.parent_id, c.created_at, c.updated_at,
               u.id, u.username, u.email, u.bio, u.avatar, u.is_admin, u.is_banned, u.banned_at, u.banned_reason,
               u.banned_by_user_id, u.created_at, u.updated_at
        """;

    public async Task<bool> PostExistsAsync(long postId, CancellationToken cancellationToken)
    {
        const string sql = "SELECT EXISTS (SELECT 1 FROM posts WHERE id = @postId AND deleted_at IS NULL)";
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(sql, new { postId }, cancellationToken: cancellationToken));
    }

    /// <summary>A page of the post's live comments, newest first (index idx_comments_post_created).</summary>
    public Task<IReadOnlyList<CommentRow>> ListAsync(long postId, Page page, CancellationToken cancellationToken)
    {
        const string sql = $"""
            {Select}
            FROM comments c JOIN users u ON u.id = c.user_id
            WHERE c.post_id = @postId AND c.deleted_at IS NULL
            ORDER BY c.created_at DESC, c.id DESC
            LIMIT @limit OFFSET @offset
            """;
        return QueryAsync(sql, new { postId, limit = page.Limit, offset = page.Offset }, cancellationToken);
    }

    public async Task<CommentTarget?> FindTargetAsync(long postId, long commentId, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT p.id AS post_id, c.user_id AS author_id
            FROM posts p
            LEFT JOIN comments c ON c.id = @commentId AND c.post_id = p.id AND c.deleted_at IS NULL
            WHERE p.id = @postId AND p.deleted_at IS NULL
            """;
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<CommentTarget>(new CommandDefinition(sql, new { postId, commentId }, cancellationToken: cancellationToken));
    }

    /// <summary>Adds a comment to a live post; null when the post is missing or deleted. A parent that is not a
    /// comment of the same post raises a foreign key violation of <see cref="ParentForeignKey"/>.</summary>
    public async Task<CommentRow?> InsertAsync(long postId, long userId, string content, long? parentId, CancellationToken cancellationToken)
    {
        const string sql = $"""
            WITH c AS (
                INSERT INTO comments (content, user_id, post_id, parent_id)
                SELECT @content, @userId, p.id, @parentId FROM posts p WHERE p.id = @postId AND p.deleted_at IS NULL
                RETURNING *
            )
            {Select}
            FROM c JOIN users u ON u.id = c.user_id
            """;
        var rows = await QueryAsync(sql, new { postId, userId, content, parentId }, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<CommentRow?> UpdateAsync(long commentId, string content, CancellationToken cancellationToken)
    {
        const string sql = $"""
            WITH c AS (
                UPDATE comments SET content = @content, updated_at = NOW()
                WHERE id = @commentId AND deleted_at IS NULL
                RETURNING *
            )
            {Select}
            FROM c JOIN users u ON u.id = c.user_id
            """;
        var rows = await QueryAsync(sql, new { commentId, content }, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<bool> SoftDeleteAsync(long commentId, CancellationToken cancellationToken)
    {
        const string sql = "UPDATE comments SET deleted_at = NOW() WHERE id = @commentId AND deleted_at IS NULL";
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { commentId }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>The post's live comments (the <c>comments_count</c> of events).</summary>
    public async Task<long> CountAsync(long postId, CancellationToken cancellationToken)
    {
        const string sql = "SELECT count(*) FROM comments WHERE post_id = @postId AND deleted_at IS NULL";
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, new { postId }, cancellationToken: cancellationToken));
    }

    private async Task<IReadOnlyList<CommentRow>> QueryAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<CommentRow, UserRow, CommentRow>(
            new CommandDefinition(sql, parameters, cancellationToken: cancellationToken),
            (comment, author) =>
            {
                comment.Author = author;
                return comment;
            },
            splitOn: "id");
        return rows.AsList();
    }
}
