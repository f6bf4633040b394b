-- Stored like and comment counts (issue 14: counts computed live made hot posts slow to read; a post with 50k likes
-- and 10k comments cost two index scans of 60k entries per read). Reads take the columns as they are; every write that
-- changes the rows they count updates them in the SAME statement (PostStore.ToggleLikeAsync / UnlikeAsync,
-- CommentStore.InsertAsync / SoftDeleteAsync), by the number of rows that statement really inserted or deleted, so
-- they stay exactly:
--   likes_count    = count(*) FROM likes WHERE post_id = posts.id
--   comments_count = count(*) FROM comments WHERE post_id = posts.id AND deleted_at IS NULL
-- The API never hard-deletes users, comments or likes other than through those statements (users and posts are
-- soft-deleted, and a soft-deleted post's counters are never read). Anything that deletes rows by hand (a cascade
-- from DELETE FROM users, bench/seed.sql's bulk load) must set the counters again, as the backfill below does.
-- The CHECKs turn a decrement that the rows do not justify into an error instead of a wrong count.
ALTER TABLE posts
    ADD COLUMN likes_count    BIGINT NOT NULL DEFAULT 0 CONSTRAINT chk_posts_likes_count CHECK (likes_count >= 0),
    ADD COLUMN comments_count BIGINT NOT NULL DEFAULT 0 CONSTRAINT chk_posts_comments_count CHECK (comments_count >= 0);

UPDATE posts p SET likes_count = l.n
FROM (SELECT post_id, count(*) AS n FROM likes GROUP BY post_id) l
WHERE l.post_id = p.id;

UPDATE posts p SET comments_count = c.n
FROM (SELECT post_id, count(*) AS n FROM comments WHERE deleted_at IS NULL GROUP BY post_id) c
WHERE c.post_id = p.id;

-- A counter update changes no indexed column, so it can be a HOT update (no new entry in the eight indexes of posts,
-- three of them GIN) when the row's page has room for the new version: leave 10 % of each page free for that. It
-- applies to pages written from now on (the benchmark seeds after the migrations).
ALTER TABLE posts SET (fillfactor = 90);
