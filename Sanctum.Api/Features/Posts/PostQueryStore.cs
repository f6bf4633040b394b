using Npgsql;
using Sanctum.Api.Features.Users;
using Sanctum.Api.Infrastructure.Data;

namespace Sanctum.Api.Features.Posts;

/// <summary>
/// Post reads. Every read is ONE statement: an inner query picks the page of live posts through an index
/// (<c>idx_posts_feed</c>, <c>idx_posts_sanctum_feed</c>, <c>idx_posts_user_created</c>, the search indexes or the
/// primary key), and the outer query adds the author, the poll with its options and vote counts
/// (LATERAL array aggregates), the image's crop mode and variant keys (one LATERAL on <c>images</c> by its unique hash)
/// and the viewer's like and vote. No per-post follow-up queries. <c>likes_count</c> and <c>comments_count</c> are the
/// post's stored counters (migration 0008), kept exact by the writes of likes and comments, so a hot post costs what
/// any other post costs.
/// The viewer's like is a LATERAL probe of <c>idx_user_post</c> (user, post) per post, never an <c>EXISTS</c> in the
/// select list: the planner may run that as a hashed subplan, reading every like the viewer ever made to answer twenty
/// posts (1,329 likes and 2 ms for a bench user, on each authenticated read; 0.1 ms as probes).
/// </summary>
public sealed class PostQueryStore(NpgsqlDataSource db)
{
    private const string PostColumns = """
        id, title, content, image_url, post_type, link_url, youtube_url, user_id, sanctum_id, image_hash, created_at, updated_at,
        likes_count, comments_count
        """;

    private const string Select = $"""
        SELECT p.id, p.title, p.content, p.image_url, p.post_type, p.link_url, p.youtube_url, p.user_id, p.sanctum_id,
               p.created_at, p.updated_at,
               p.likes_count, p.comments_count,
               lk.post_id IS NOT NULL AS liked,
               pl.id AS poll_id, pl.question AS poll_question, pl.created_at AS poll_created_at, pl.updated_at AS poll_updated_at,
               (SELECT v.poll_option_id FROM poll_votes v WHERE v.poll_id = pl.id AND v.user_id = @viewerId) AS user_vote_option_id,
               opt.option_ids, opt.option_texts, opt.option_orders, opt.option_votes,
               p.image_hash, img.crop_mode AS image_crop_mode, img.variant_keys,
               {UserStore.Columns}
        """;

    private const string Joins = """
        JOIN users u ON u.id = p.user_id
        LEFT JOIN polls pl ON pl.post_id = p.id
        LEFT JOIN LATERAL (
            SELECT array_agg(o.id ORDER BY o.display_order, o.id) AS option_ids,
                   array_agg(o.option_text ORDER BY o.display_order, o.id) AS option_texts,
                   array_agg(o.display_order ORDER BY o.display_order, o.id) AS option_orders,
                   array_agg((SELECT count(*) FROM poll_votes v WHERE v.poll_option_id = o.id) ORDER BY o.display_order, o.id) AS option_votes
            FROM poll_options o
            WHERE o.poll_id = pl.id
        ) opt ON TRUE
        LEFT JOIN LATERAL (
            SELECT i.crop_mode,
                   ARRAY(SELECT v.size_px || '_' || v.format FROM image_variants v WHERE v.image_id = i.id
                         ORDER BY v.size_px, v.format) AS variant_keys
            FROM images i
            WHERE i.hash = p.image_hash
        ) img ON TRUE
        LEFT JOIN LATERAL (SELECT l.post_id FROM likes l WHERE l.user_id = @viewerId AND l.post_id = p.id LIMIT 1) lk ON TRUE
        ORDER BY p.created_at DESC, p.id DESC
        """;

    private const string Page = "ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset";

    /// <summary>
    /// From this offset on, a feed page picks its ids first by an index-only scan of the feed index and reads only the
    /// page's rows from the table, so the offset skips index entries instead of table rows (offset 10,000: 924 against
    /// 581 tps in pgbench). Below it the plain LIMIT/OFFSET is cheaper (page one: 2,100 against 1,300 tps); the two
    /// cost the same at about 2,000.
    /// </summary>
    public const int DeferredJoinOffset = 2000;

    /// <summary>The live posts of the whole feed (<c>idx_posts_feed</c>) and of one sanctum (<c>idx_posts_sanctum_feed</c>).</summary>
    private const string LiveInFeed = "deleted_at IS NULL";
    private const string LiveInSanctum = "sanctum_id = @sanctumId AND deleted_at IS NULL";

    private static readonly string FeedPage = OffsetPage(LiveInFeed, idsFirst: false);
    private static readonly string FeedPageIdsFirst = OffsetPage(LiveInFeed, idsFirst: true);
    private static readonly string SanctumPage = OffsetPage(LiveInSanctum, idsFirst: false);
    private static readonly string SanctumPageIdsFirst = OffsetPage(LiveInSanctum, idsFirst: true);
    private static readonly string FeedPageAfter = KeysetPage(LiveInFeed);
    private static readonly string SanctumPageAfter = KeysetPage(LiveInSanctum);

    private static string OffsetPage(string live, bool idsFirst) => idsFirst
        ? $"""
            {Select}
            FROM (SELECT {PostColumns} FROM posts WHERE id IN (SELECT id FROM posts WHERE {live} {Page})) p
            {Joins}
            """
        : $"""
            {Select}
            FROM (SELECT {PostColumns} FROM posts WHERE {live} {Page}) p
            {Joins}
            """;

    private static string KeysetPage(string live) => $"""
        {Select}
        FROM (SELECT {PostColumns} FROM posts
              WHERE {live} AND (created_at, id) < (@createdAt, @id)
              ORDER BY created_at DESC, id DESC LIMIT @limit) p
        {Joins}
        """;

    /// <summary>A feed page by offset, of every post or of one sanctum (<see cref="DeferredJoinOffset"/> says how the
    /// page is picked).</summary>
    public Task<IReadOnlyList<PostRow>> FeedAsync(long? sanctumId, int limit, int offset, long? viewerId, CancellationToken cancellationToken)
    {
        var idsFirst = offset >= DeferredJoinOffset;
        var sql = sanctumId is null
            ? idsFirst ? FeedPageIdsFirst : FeedPage
            : idsFirst ? SanctumPageIdsFirst : SanctumPage;
        return QueryAsync(sql, new { sanctumId, limit, offset, viewerId }, cancellationToken);
    }

    /// <summary>The keyset page after <paramref name="after"/>, of every post or of one sanctum: a range scan of the feed
    /// index that starts at the cursor, so a deep page costs what page one costs (an offset reads and skips every row
    /// before it).</summary>
    public Task<IReadOnlyList<PostRow>> FeedAfterAsync(long? sanctumId, FeedCursor after, int limit, long? viewerId, CancellationToken cancellationToken) =>
        QueryAsync(sanctumId is null ? FeedPageAfter : SanctumPageAfter,
            new { sanctumId, createdAt = after.CreatedAt, id = after.Id, limit, viewerId }, cancellationToken);

    public Task<IReadOnlyList<PostRow>> ByUserAsync(long userId, int limit, int offset, long? viewerId, CancellationToken cancellationToken)
    {
        const string sql = $"""
            {Select}
            FROM (SELECT {PostColumns} FROM posts WHERE user_id = @userId AND deleted_at IS NULL {Page}) p
            {Joins}
            """;
        return QueryAsync(sql, new { userId, limit, offset, viewerId }, cancellationToken);
    }

    /// <summary>A full-text match (GIN on the generated <c>search_vector</c>; <c>websearch_to_tsquery</c> parses the text
    /// safely) or a literal substring of title or content (GIN trigram indexes; the pattern is already escaped).</summary>
    private const string Matches = """
        (search_vector @@ websearch_to_tsquery('english', @query)
         OR title ILIKE @pattern ESCAPE '\'
         OR content ILIKE @pattern ESCAPE '\')
        """;

    /// <summary>How many of the newest posts <see cref="SearchRecentAsync"/> walks at most.</summary>
    public const int RecentSearchWindow = 5000;

    /// <summary>
    /// The search page found by walking the newest live posts in feed order (<c>idx_posts_feed</c>) and testing each
    /// until the page is full. The LIMIT of <c>recent</c> keeps the test out of that scan (a qual is never pushed below
    /// a LIMIT), so the planner cannot swap the walk for a bitmap of every match, and the outer LIMIT stops the walk
    /// early: about (offset + limit) / frequency rows, some 30 for a word in 30 % of the posts, 1,000 for one in 1 %,
    /// at most the window. The window is a prefix of the newest-first order, so when it yields a full page, that page
    /// is exactly the page <see cref="SearchAsync"/> would return.
    /// </summary>
    public Task<IReadOnlyList<PostRow>> SearchRecentAsync(string query, string pattern, int limit, int offset, long? viewerId, CancellationToken cancellationToken)
    {
        const string sql = $"""
            {Select}
            FROM (
                SELECT {PostColumns} FROM (
                    SELECT {PostColumns}, search_vector FROM posts WHERE deleted_at IS NULL
                    ORDER BY created_at DESC, id DESC LIMIT @window
                ) recent
                WHERE {Matches}
                {Page}
            ) p
            {Joins}
            """;
        return QueryAsync(sql, new { query, pattern, limit, offset, viewerId, window = RecentSearchWindow }, cancellationToken);
    }

    /// <summary>
    /// The search page over all live posts. The matches are collected first (a BitmapOr over the three indexes) and
    /// then ordered: with the OR inside a LIMITed ORDER BY, the planner walks the whole feed index for a rare term.
    /// </summary>
    public Task<IReadOnlyList<PostRow>> SearchAsync(string query, string pattern, int limit, int offset, long? viewerId, CancellationToken cancellationToken)
    {
        const string sql = $"""
            WITH hits AS MATERIALIZED (
                SELECT id, created_at FROM posts WHERE deleted_at IS NULL AND {Matches}
            )
            {Select}
            FROM (
                SELECT {PostColumns} FROM posts
                WHERE id IN (SELECT id FROM hits {Page})
            ) p
            {Joins}
            """;
        return QueryAsync(sql, new { query, pattern, limit, offset, viewerId }, cancellationToken);
    }

    /// <summary>The live posts among <paramref name="ids"/>, in feed order (a cached search page, <see cref="SearchCache"/>).</summary>
    public Task<IReadOnlyList<PostRow>> ByIdsAsync(long[] ids, long? viewerId, CancellationToken cancellationToken)
    {
        const string sql = $"""
            {Select}
            FROM (SELECT {PostColumns} FROM posts WHERE id = ANY(@ids) AND deleted_at IS NULL) p
            {Joins}
            """;
        return QueryAsync(sql, new { ids, viewerId }, cancellationToken);
    }

    public async Task<PostRow?> FindAsync(long id, long? viewerId, CancellationToken cancellationToken)
    {
        const string sql = $"""
            {Select}
            FROM (SELECT {PostColumns} FROM posts WHERE id = @id AND deleted_at IS NULL) p
            {Joins}
            """;
        var rows = await QueryAsync(sql, new { id, viewerId }, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>The author of a live post, or null when the post is missing or deleted.</summary>
    public async Task<long?> FindAuthorAsync(long id, CancellationToken cancellationToken)
    {
        const string sql = "SELECT user_id FROM posts WHERE id = @id AND deleted_at IS NULL";
        return await db.QuerySingleOrDefaultAsync<long?>(sql, new { id }, cancellationToken);
    }

    /// <summary>The live posts that show the image <paramref name="hash"/>: their cached copies change when it becomes ready.</summary>
    public Task<IReadOnlyList<long>> IdsByImageAsync(string hash, CancellationToken cancellationToken)
    {
        const string sql = "SELECT id FROM posts WHERE image_hash = @hash AND deleted_at IS NULL";
        return db.QueryListAsync<long>(sql, new { hash }, cancellationToken);
    }

    /// <summary>The viewer's like and vote on each of the posts: the personal overlay on a cached page.</summary>
    public Task<IReadOnlyList<ViewerState>> ViewerStatesAsync(long[] postIds, long viewerId, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT p.id AS post_id,
                   lk.post_id IS NOT NULL AS liked,
                   (SELECT v.poll_option_id FROM polls pl JOIN poll_votes v ON v.poll_id = pl.id AND v.user_id = @viewerId
                    WHERE pl.post_id = p.id) AS user_vote_option_id
            FROM unnest(@postIds) AS p(id)
            LEFT JOIN LATERAL (SELECT l.post_id FROM likes l WHERE l.user_id = @viewerId AND l.post_id = p.id LIMIT 1) lk ON TRUE
            """;
        return db.QueryListAsync<ViewerState>(sql, new { postIds, viewerId }, cancellationToken);
    }

    private Task<IReadOnlyList<PostRow>> QueryAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        db.QueryListAsync<PostRow, UserRow, PostRow>(sql, parameters, static (post, author) =>
        {
            post.Author = author;
            return post;
        }, splitOn: "id", cancellationToken);
}
