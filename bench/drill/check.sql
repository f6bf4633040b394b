-- The "nothing lost" check of bench/drill.sh over drill_writes: every write the load tool sent (t_ms, op, status, the
-- id a 2xx created, the marker in its text, the user number n of bench_n, the post, the like state a 2xx reported).
-- Prints one JSON object: a verdict per write, counted, and the writes that are not "ok"/"not_applied" with their t_ms
-- (report.py puts each in its drill's phase), plus the drill rows no write accounts for.
--   ok                   a 2xx write that is in the database as answered (post: id, title, author, a sanctum, live;
--                        comment: id, text, post, author, live; like: the pair's state is the one the 2xx reported;
--                        each pair is toggled once per run)
--   lost                 a 2xx write that is not
--   not_applied          an error, and nothing of it is in the database
--   applied_after_error  an error, and the write is there complete (allowed: all or nothing)
--   half                 a row of the write is there but incomplete or written twice
-- A like that answered an error is one row or none, so it is never half: it counts as not_applied.
CREATE TEMP TABLE users_by_no AS
  SELECT substring(email FROM '^bench_([0-9]+)@')::int AS user_no, id FROM users WHERE email LIKE 'bench\_%@bench.local';
CREATE TEMP TABLE drill_posts AS SELECT * FROM posts WHERE title LIKE 'drill-%';
CREATE TEMP TABLE drill_comments AS SELECT * FROM comments WHERE content LIKE 'drill-%';
CREATE TEMP TABLE verdicts AS
SELECT w.t_ms, w.op, w.status, w.id, w.marker,
  CASE
    WHEN w.op = 'create_post' THEN
      CASE
        WHEN (SELECT count(*) FROM drill_posts p WHERE p.title = w.marker) > 1
          OR EXISTS (SELECT 1 FROM drill_posts p WHERE p.title = w.marker AND (p.sanctum_id IS NULL
               OR NOT EXISTS (SELECT 1 FROM sanctums s WHERE s.id = p.sanctum_id)
               OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = p.user_id))) THEN 'half'
        WHEN w.status BETWEEN 200 AND 299 THEN
          CASE WHEN EXISTS (SELECT 1 FROM drill_posts p JOIN users_by_no u ON u.id = p.user_id
                 WHERE p.id = w.id AND p.title = w.marker AND u.user_no = w.user_no AND p.deleted_at IS NULL) THEN 'ok' ELSE 'lost' END
        WHEN EXISTS (SELECT 1 FROM drill_posts p WHERE p.title = w.marker) THEN 'applied_after_error'
        ELSE 'not_applied'
      END
    WHEN w.op = 'comment' THEN
      CASE
        WHEN (SELECT count(*) FROM drill_comments c WHERE c.content = w.marker) > 1
          OR EXISTS (SELECT 1 FROM drill_comments c WHERE c.content = w.marker AND (c.post_id <> w.post_id
               OR NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = c.post_id)
               OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = c.user_id))) THEN 'half'
        WHEN w.status BETWEEN 200 AND 299 THEN
          CASE WHEN EXISTS (SELECT 1 FROM drill_comments c JOIN users_by_no u ON u.id = c.user_id
                 WHERE c.id = w.id AND c.content = w.marker AND c.post_id = w.post_id AND u.user_no = w.user_no AND c.deleted_at IS NULL)
               THEN 'ok' ELSE 'lost' END
        WHEN EXISTS (SELECT 1 FROM drill_comments c WHERE c.content = w.marker) THEN 'applied_after_error'
        ELSE 'not_applied'
      END
    ELSE -- like
      CASE
        WHEN w.status BETWEEN 200 AND 299 THEN
          CASE WHEN w.liked = EXISTS (SELECT 1 FROM likes l JOIN users_by_no u ON u.id = l.user_id
                 WHERE u.user_no = w.user_no AND l.post_id = w.post_id) THEN 'ok' ELSE 'lost' END
        ELSE 'not_applied'
      END
  END AS verdict
FROM drill_writes w;

SELECT json_build_object(
  'by_op', (SELECT json_object_agg(op, verdicts) FROM (
      SELECT op, json_object_agg(verdict, n) AS verdicts FROM (SELECT op, verdict, count(*) AS n FROM verdicts GROUP BY op, verdict) x GROUP BY op) y),
  'flagged', (SELECT coalesce(json_agg(json_build_object('t_ms', t_ms, 'op', op, 'status', status, 'id', id, 'marker', marker, 'verdict', verdict)
      ORDER BY t_ms), '[]'::json) FROM verdicts WHERE verdict NOT IN ('ok', 'not_applied')),
  'unaccounted_posts', (SELECT count(*) FROM drill_posts p WHERE NOT EXISTS (SELECT 1 FROM drill_writes w WHERE w.op = 'create_post' AND w.marker = p.title)),
  'unaccounted_comments', (SELECT count(*) FROM drill_comments c WHERE NOT EXISTS (SELECT 1 FROM drill_writes w WHERE w.op = 'comment' AND w.marker = c.content)),
  'orphan_likes', (SELECT count(*) FROM likes l WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = l.post_id)
      OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = l.user_id)),
  'orphan_comments', (SELECT count(*) FROM comments c WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = c.post_id))
);
