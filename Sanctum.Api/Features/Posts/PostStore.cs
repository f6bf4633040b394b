using Dapper;
using Npgsql;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Posts;

/// <summary>Post writes: create (with its poll), update, soft delete, likes (with the post's <c>likes_count</c>, see
/// migration 0008) and poll votes. SQL only, no rules.</summary>
public sealed class PostStore(NpgsqlDataSource db)
{
    private const string SanctumForeignKey = "fk_posts_sanctum";

    /// <summary>The hash of an existing image when <c>@ImageUrl</c>'s path is <c>/media/i/&lt;64 hex&gt;/...</c> or
    /// <c>/api/images/&lt;64 hex&gt;...</c> (contract 4), else null. The hash is the third group: the pattern has no
    /// non-capturing <c>(?:</c> groups, which pgbench would read as variables, so bench/pgbench/create_post.sql can send
    /// this very statement.</summary>
    private const string ImageHashOf = """
        (SELECT i.hash FROM images i
         WHERE i.hash = (regexp_match(@ImageUrl, '^(https?://[^/?#]+)?/(media/i|api/images)/([0-9a-f]{64})([/?#]|\Z)'))[3])
        """;

    /// <summary>Inserts the post and, for polls, the poll and its options in one transaction; returns the new id,
    /// or <see cref="Violation.MissingReference"/> (nothing written) when the sanctum does not exist.</summary>
    public async Task<WriteOutcome<long>> InsertAsync(NewPost post, CancellationToken cancellationToken)
    {
        const string insertPost = $"""
            INSERT INTO posts (title, content, image_url, post_type, link_url, youtube_url, user_id, sanctum_id, image_hash)
            VALUES (@Title, @Content, @ImageUrl, @PostType, @LinkUrl, @YoutubeUrl, @UserId, @SanctumId, {ImageHashOf})
            RETURNING id
            """;
        const string insertPoll = """
            WITH poll AS (
                INSERT INTO polls (post_id, question) VALUES (@postId, @question) RETURNING id
            )
            INSERT INTO poll_options (poll_id, option_text, display_order)
            SELECT poll.id, option.text, (option.ordinal - 1)::int
            FROM poll, unnest(@options::text[]) WITH ORDINALITY AS option(text, ordinal)
            """;
        try
        {
            await using var connection = await db.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var postId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(insertPost, post, transaction, cancellationToken: cancellationToken));
            if (post.PollQuestion is { } question)
            {
                var options = post.PollOptions.ToArray();
                await connection.ExecuteAsync(new CommandDefinition(insertPoll, new { postId, question, options }, transaction, cancellationToken: cancellationToken));
            }
            await transaction.CommitAsync(cancellationToken);
            return postId;
        }
        catch (PostgresException ex) when (ex.IsForeignKeyViolationOf(SanctumForeignKey))
        {
            return Violation.MissingReference;
        }
    }

    /// <summary>Sets only the given columns (null = unchanged) of a live post of this author; a new content of a
    /// poll post is also its poll's question, a new image URL sets the image hash again. Returns false when no such post exists.</summary>
    public async Task<bool> UpdateAsync(long id, long userId, UpdatePostRequest changes, CancellationToken cancellationToken)
    {
        const string sql = $"""
            WITH post AS (
                UPDATE posts SET
                    title = COALESCE(@Title, title),
                    content = COALESCE(@Content, content),
                    image_url = COALESCE(@ImageUrl, image_url),
                    image_hash = CASE WHEN @ImageUrl IS NULL THEN image_hash ELSE {ImageHashOf} END,
                    link_url = COALESCE(@LinkUrl, link_url),
                    youtube_url = COALESCE(@YoutubeUrl, youtube_url),
                    updated_at = NOW()
                WHERE id = @id AND user_id = @userId AND deleted_at IS NULL
                RETURNING id, post_type
            ), poll AS (
                UPDATE polls SET question = @Content, updated_at = NOW()
                WHERE post_id IN (SELECT id FROM post WHERE post_type = 'poll') AND @Content IS NOT NULL
            )
            SELECT count(*) FROM post
            """;
        var updated = await db.ExecuteScalarAsync<long>(sql, new
        {
            id,
            userId,
            changes.Title,
            changes.Content,
            changes.ImageUrl,
            changes.LinkUrl,
            changes.YoutubeUrl,
        }, cancellationToken);
        return updated > 0;
    }

    public async Task<bool> SoftDeleteAsync(long id, CancellationToken cancellationToken)
    {
        const string sql = "UPDATE posts SET deleted_at = NOW() WHERE id = @id AND deleted_at IS NULL";
        return await db.ExecuteAsync(sql, new { id }, cancellationToken) > 0;
    }

    /// <summary>
    /// <c>posts.likes_count</c> moved by the like rows the statement really inserted (<c>added</c>) and deleted
    /// (<c>removed</c>), in the same statement: a toggle that a concurrent one beat (ON CONFLICT DO NOTHING, or a DELETE
    /// that finds the row gone) changes nothing and counts nothing. The UPDATE touches the post row only when a like
    /// changed; concurrent likers of one post queue on that row lock for the rest of their (one-statement) transaction.
    /// </summary>
    private const string CountLikes = """
        counted AS (
            UPDATE posts SET likes_count = likes_count + (SELECT count(*) FROM added) - (SELECT count(*) FROM removed)
            WHERE id IN (SELECT post_id FROM added UNION ALL SELECT post_id FROM removed)
        )
        """;

    /// <summary>Likes the live post when the user has not, else unlikes it, and moves its <c>likes_count</c>, in one
    /// statement. Returns false when the post is missing or deleted.</summary>
    public async Task<bool> ToggleLikeAsync(long postId, long userId, CancellationToken cancellationToken)
    {
        const string sql = $"""
            WITH post AS (
                SELECT id FROM posts WHERE id = @postId AND deleted_at IS NULL
            ), removed AS (
                DELETE FROM likes WHERE user_id = @userId AND post_id IN (SELECT id FROM post) RETURNING post_id
            ), added AS (
                INSERT INTO likes (user_id, post_id)
                SELECT @userId, id FROM post WHERE NOT EXISTS (SELECT 1 FROM removed)
                ON CONFLICT ON CONSTRAINT idx_user_post DO NOTHING
                RETURNING post_id
            ), {CountLikes}
            SELECT EXISTS (SELECT 1 FROM post)
            """;
        return await db.ExecuteScalarAsync<bool>(sql, new { postId, userId }, cancellationToken);
    }

    /// <summary>Removes the user's like of the live post if there is one, and moves its <c>likes_count</c>, in one
    /// statement. Returns false when the post is missing or deleted.</summary>
    public async Task<bool> UnlikeAsync(long postId, long userId, CancellationToken cancellationToken)
    {
        const string sql = $"""
            WITH post AS (
                SELECT id FROM posts WHERE id = @postId AND deleted_at IS NULL
            ), removed AS (
                DELETE FROM likes WHERE user_id = @userId AND post_id IN (SELECT id FROM post) RETURNING post_id
            ), added AS (
                SELECT post_id FROM removed WHERE FALSE
            ), {CountLikes}
            SELECT EXISTS (SELECT 1 FROM post)
            """;
        return await db.ExecuteScalarAsync<bool>(sql, new { postId, userId }, cancellationToken);
    }

    /// <summary>Records or changes the user's vote on the poll of a live post, in one statement.</summary>
    public async Task<VoteOutcome> VoteAsync(long postId, long userId, long optionId, CancellationToken cancellationToken)
    {
        const string sql = """
            WITH target AS (
                SELECT p.id AS post_id, pl.id AS poll_id
                FROM posts p LEFT JOIN polls pl ON pl.post_id = p.id
                WHERE p.id = @postId AND p.deleted_at IS NULL
            ), vote AS (
                INSERT INTO poll_votes (user_id, poll_id, poll_option_id)
                SELECT @userId, o.poll_id, o.id
                FROM poll_options o JOIN target t ON o.poll_id = t.poll_id
                WHERE o.id = @optionId
                ON CONFLICT ON CONSTRAINT uq_poll_votes_user_poll DO UPDATE SET poll_option_id = EXCLUDED.poll_option_id
                RETURNING id
            )
            SELECT CASE
                WHEN NOT EXISTS (SELECT 1 FROM target) THEN 0
                WHEN (SELECT poll_id FROM target) IS NULL THEN 1
                WHEN NOT EXISTS (SELECT 1 FROM vote) THEN 2
                ELSE 3
            END
            """;
        return (VoteOutcome)await db.ExecuteScalarAsync<int>(sql, new { postId, userId, optionId }, cancellationToken);
    }
}
