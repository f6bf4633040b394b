using Npgsql;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Comments;

/// <summary>A live post and, when it is a live comment of that post, the comment's author.</summary>
public sealed record CommentTarget(long PostId, long? AuthorId);

/// <summary>SQL for comments. Soft-deleted comments are hidden; their replies stay. A comment's insert and its soft
/// delete move the post's <c>comments_count</c> (live comments, migration 0008) in the same statement.</summary>
public sealed class CommentStore(NpgsqlDataSource db)
{
    private const string ParentForeignKey = "fk_comments_parent";

    private const string Select = $"""
        SELECT c.id, c.content, c.user_id, c.post_id, c.parent_id, c.created_at, c.updated_at,
               {UserStore.Columns}
        """;

    public async Task<bool> PostExistsAsync(long postId, CancellationToken cancellationToken)
    {
        const string sql = "SELECT EXISTS (SELECT 1 FROM posts WHERE id = @postId AND deleted_at IS NULL)";
        return await db.ExecuteScalarAsync<bool>(sql, new { postId }, cancellationToken);
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
        return await db.QuerySingleOrDefaultAsync<CommentTarget>(sql, new { postId, commentId }, cancellationToken);
    }

    /// <summary>Adds a comment to a live post; a null row when the post is missing or deleted, and
    /// <see cref="Violation.MissingReference"/> when the parent is not a comment of the same post.</summary>
    public async Task<WriteOutcome<CommentRow?>> InsertAsync(long postId, long userId, string content, long? parentId, CancellationToken cancellationToken)
    {
        const string sql = $"""
            WITH c AS (
                INSERT INTO comments (content, user_id, post_id, parent_id)
                SELECT @content, @userId, p.id, @parentId FROM posts p WHERE p.id = @postId AND p.deleted_at IS NULL
                RETURNING *
            ), counted AS (
                UPDATE posts SET comments_count = comments_count + 1 WHERE id IN (SELECT post_id FROM c)
            )
            {Select}
            FROM c JOIN users u ON u.id = c.user_id
            """;
        try
        {
            var rows = await QueryAsync(sql, new { postId, userId, content, parentId }, cancellationToken);
            return rows.Count == 0 ? null : rows[0];
        }
        catch (PostgresException ex) when (ex.IsForeignKeyViolationOf(ParentForeignKey))
        {
            return Violation.MissingReference;
        }
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

    /// <summary>Hides a live comment and takes it off its post's <c>comments_count</c>, in one statement; a concurrent
    /// delete of the same comment finds it deleted already (the row lock, then <c>deleted_at IS NULL</c> again) and
    /// counts nothing.</summary>
    public async Task<bool> SoftDeleteAsync(long commentId, CancellationToken cancellationToken)
    {
        const string sql = """
            WITH c AS (
                UPDATE comments SET deleted_at = NOW() WHERE id = @commentId AND deleted_at IS NULL RETURNING post_id
            ), counted AS (
                UPDATE posts SET comments_count = comments_count - 1 WHERE id IN (SELECT post_id FROM c)
            )
            SELECT count(*) FROM c
            """;
        return await db.ExecuteScalarAsync<long>(sql, new { commentId }, cancellationToken) > 0;
    }

    /// <summary>The post's live comments (the <c>comments_count</c> of events): its stored counter.</summary>
    public async Task<long> CountAsync(long postId, CancellationToken cancellationToken)
    {
        const string sql = "SELECT comments_count FROM posts WHERE id = @postId";
        return await db.ExecuteScalarAsync<long>(sql, new { postId }, cancellationToken);
    }

    private Task<IReadOnlyList<CommentRow>> QueryAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        db.QueryListAsync<CommentRow, UserRow, CommentRow>(sql, parameters, static (comment, author) =>
        {
            comment.Author = author;
            return comment;
        }, splitOn: "id", cancellationToken);
}
