-- Copied from the SQL of Sanctum.Api/Features/Comments/CommentStore.cs: keep in sync with the store. One statement per
-- line (pgbench), @parameters as :variables. POST /api/posts/:id/comments (random post and user; no auth lookup: the
-- user's status is cached in process, UserStatusCache): CommentStore.InsertAsync (the comment and the post's
-- comments_count in one statement, re-read with the author), then CommentStore.CountAsync for the comment event.
\set uid random(:umin, :umax)
\set id random(1, :maxid)
WITH c AS ( INSERT INTO comments (content, user_id, post_id, parent_id) SELECT 'Written by pgbench', :uid, p.id, NULL::bigint FROM posts p WHERE p.id = :id AND p.deleted_at IS NULL RETURNING * ), counted AS ( UPDATE posts SET comments_count = comments_count + 1 WHERE id IN (SELECT post_id FROM c) ) SELECT c.id, c.content, c.user_id, c.post_id, c.parent_id, c.created_at, c.updated_at, u.id, u.username, u.email, u.bio, u.avatar, u.is_admin, u.is_banned, u.banned_at, u.banned_reason, u.banned_by_user_id, u.created_at, u.updated_at FROM c JOIN users u ON u.id = c.user_id ;
SELECT comments_count FROM posts WHERE id = :id ;
