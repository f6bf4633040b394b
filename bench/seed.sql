-- Seeds the benchmark dataset straight into Postgres with server-side INSERT ... SELECT generate_series.
-- Run by bench/run.sh after the API has applied the migrations and one user signed up through the API:
--   psql -v posts=N -v users=N -v hash_email=<email of the signed-up user> -f bench/seed.sql
-- That user's real bcrypt hash (cost 10) is copied to every seeded user, so all of them can log in with the
-- bench password. The data is reproducible (setseed) and its counts are heavy-tailed like a real community:
--   likes per post    Lomax(alpha 1.5, scale 10.7) mean ~20, capped at the number of users (UNIQUE (user_id, post_id))
--   comments per post Lomax(alpha 1.5, scale 2.8) mean ~5,  capped at 2000
--   votes per poll    Lomax(alpha 1.5, scale 7.5) mean ~15, capped at the number of users (UNIQUE (user_id, poll_id))
--   authors           user rank ~ U * r^3 (a few power users write most posts)
--   sanctums          10 % of posts in none, the rest skewed towards the first built-ins
-- Foreign-key triggers are skipped (session_replication_role = replica: the ids are consistent by construction),
-- and the secondary indexes are dropped before the load and rebuilt after it, which is several times faster.
-- posts.likes_count / comments_count (the counters the API maintains) are set from the loaded rows at the end.
\set ON_ERROR_STOP on
\timing off
SET client_min_messages = warning;
\o /dev/null
SET session_replication_role = replica;
SET maintenance_work_mem = '1GB';
SET synchronous_commit = off;
SELECT setseed(0.42);

-- The built-in sanctums of contract 17, unless the communities feature has seeded them already.
INSERT INTO sanctums (name, slug, description, status) VALUES
    ('Atrium', 'atrium', 'General community discussions.', 'active'),
    ('General', 'general', 'Anything goes.', 'active'),
    ('Herald Announcements', 'herald', 'Announcements.', 'active'),
    ('Support', 'support', 'Help and support.', 'active'),
    ('Movies', 'movies', 'Films and cinema.', 'active'),
    ('Television', 'television', 'TV shows and series.', 'active'),
    ('Books', 'books', 'Books and reading.', 'active'),
    ('Music', 'music', 'Music and musicians.', 'active'),
    ('Anime', 'anime', 'Anime and manga.', 'active'),
    ('Gaming', 'gaming', 'Video games.', 'active'),
    ('Pcgaming', 'pcgaming', 'PC gaming.', 'active'),
    ('Development', 'development', 'Software development.', 'active'),
    ('Hardware', 'hardware', 'Computer hardware.', 'active'),
    ('Linux', 'linux', 'Linux and open source.', 'active'),
    ('Ai', 'ai', 'Artificial intelligence.', 'active'),
    ('Fitness', 'fitness', 'Training and health.', 'active'),
    ('Food', 'food', 'Cooking and recipes.', 'active')
ON CONFLICT (slug) DO NOTHING;
SELECT array_agg(id ORDER BY id)::text AS sids, count(*) AS nsanctums FROM sanctums WHERE status = 'active' \gset

INSERT INTO users (username, email, password, bio, created_at, updated_at)
SELECT 'bench_' || g, 'bench_' || g || '@bench.local', (SELECT password FROM users WHERE email = :'hash_email'),
       'Seeded by bench/seed.sql', now() - interval '400 days' + g * interval '1 second', now() - interval '400 days'
FROM generate_series(1, :users) g;
SELECT min(id) AS umin, count(*) AS ucount FROM users WHERE email LIKE 'bench\_%@bench.local' \gset

-- Drop the secondary indexes (and the UNIQUE constraints no foreign key depends on) of the feed tables; rebuilt below.
CREATE TEMP TABLE bench_saved_indexes AS
SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
WHERE t.relname IN ('posts', 'comments', 'likes', 'polls', 'poll_options', 'poll_votes') AND t.relnamespace = 'public'::regnamespace
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid);
CREATE TEMP TABLE bench_saved_constraints AS
SELECT c.conrelid::regclass::text AS tbl, c.conname AS name, pg_get_constraintdef(c.oid) AS def
FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
WHERE t.relname IN ('likes', 'poll_votes') AND t.relnamespace = 'public'::regnamespace AND c.contype = 'u'
  AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid);
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT name FROM bench_saved_indexes LOOP EXECUTE 'DROP INDEX ' || r.name; END LOOP;
    FOR r IN SELECT tbl, name FROM bench_saved_constraints LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.name);
    END LOOP;
END $$;

-- Posts: ids 1..N, newest = highest id, one year of history; five kinds. Text: a title of filler words around two
-- topic words, content of two sentence templates each filled with two topic words (the lists are bench/text/*.txt,
-- which the wrk scripts that write posts draw from too: common.lua post_text). The 150 topic words are drawn
-- uniformly, so one topic word is in about 3 % of posts, like a popular subject of a general community; the template
-- words themselves are in most posts. Three more words end some contents, for the search rows by frequency:
-- "friends" in 30 % of posts, "vintage" in 1 %, "zeppelin" in 0.01 % (none of them is in any list above).
INSERT INTO posts (id, title, content, image_url, user_id, sanctum_id, post_type, link_url, youtube_url, created_at, updated_at)
SELECT g,
       initcap(f[1 + floor(nf * random())::int]) || ' ' || w[1 + floor(nw * random())::int] || ' ' || f[1 + floor(nf * random())::int]
           || ' ' || w[1 + floor(nw * random())::int],
       CASE WHEN rt >= 0.92 THEN 'Which ' || w[1 + floor(nw * random())::int] || ' do you prefer for the weekend?'
            ELSE replace(replace(s[1 + floor(ns * random())::int], '{a}', w[1 + floor(nw * random())::int]), '{b}', w[1 + floor(nw * random())::int])
                 || ' ' || replace(replace(s[1 + floor(ns * random())::int], '{a}', w[1 + floor(nw * random())::int]), '{b}', 'details') END
           || CASE WHEN rw < 0.30 THEN ' Thanks, friends.' WHEN rw < 0.31 THEN ' A vintage find.' WHEN rw < 0.3101 THEN ' Zeppelin!' ELSE '' END,
       CASE WHEN rt >= 0.55 AND rt < 0.70 THEN '/media/bench/' || g || '.jpg' ELSE '' END,
       :umin + floor(:ucount * random() ^ 3)::bigint,
       CASE WHEN rs < 0.1 THEN NULL ELSE (:'sids'::bigint[])[1 + floor(:nsanctums * ((rs - 0.1) / 0.9) ^ 2)::int] END,
       CASE WHEN rt < 0.55 THEN 'text' WHEN rt < 0.70 THEN 'media' WHEN rt < 0.80 THEN 'video' WHEN rt < 0.92 THEN 'link' ELSE 'poll' END,
       CASE WHEN rt >= 0.80 AND rt < 0.92 THEN 'https://example.com/articles/' || g ELSE '' END,
       CASE WHEN rt >= 0.70 AND rt < 0.80 THEN 'https://www.youtube.com/watch?v=bench' || g ELSE '' END,
       now() - interval '1 minute' - (:posts - g) * (31536000.0 / :posts) * interval '1 second',
       now() - interval '1 minute' - (:posts - g) * (31536000.0 / :posts) * interval '1 second'
FROM (SELECT g, random() AS rt, random() AS rs, random() AS rw FROM generate_series(1, :posts) g) r,
     (SELECT w, cardinality(w) AS nw, f, cardinality(f) AS nf, s, cardinality(s) AS ns FROM (SELECT
        string_to_array(:'topics', E'\n') AS w, string_to_array(:'fillers', E'\n') AS f,
        string_to_array(:'templates', E'\n') AS s) v) t;

-- Per-post counts, drawn once.
CREATE TEMP TABLE bench_counts AS
SELECT id, created_at, post_type,
       least(:ucount, floor(10.7 * ((1 - random()) ^ (-1 / 1.5) - 1)))::int AS n_likes,
       least(2000, floor(2.8 * ((1 - random()) ^ (-1 / 1.5) - 1)))::int AS n_comments,
       least(:ucount, floor(7.5 * ((1 - random()) ^ (-1 / 1.5) - 1)))::int AS n_votes
FROM posts;
-- The hot post (issue 14's post_detail_hot): post :posts / 2 (mid-history, so never on a cached first page) is liked by
-- every seeded user (50,000 at the large scale) and has 10,000 comments (9,800 live).
UPDATE bench_counts SET n_likes = :ucount, n_comments = 10000 WHERE id = :posts / 2;

-- Likes: the k-th like of post p is by user (p * 7919 + k) mod U, so a post's likers are distinct.
INSERT INTO likes (user_id, post_id, created_at)
SELECT :umin + ((c.id * 7919 + k) % :ucount), c.id, c.created_at + k * interval '7 seconds'
FROM bench_counts c, generate_series(0, c.n_likes - 1) k;

-- Comments: any user, several per user allowed; 2 % soft-deleted.
INSERT INTO comments (content, user_id, post_id, created_at, updated_at, deleted_at)
SELECT CASE k % 4 WHEN 0 THEN 'Great post, thanks for sharing!' WHEN 1 THEN 'I had the same problem with the driver last week.'
                  WHEN 2 THEN 'Could you post a photo of the build?' ELSE 'Totally agree, the soundtrack is the best part.' END,
       :umin + ((c.id * 31 + k * 7) % :ucount), c.id,
       c.created_at + (k + 1) * interval '3 minutes', c.created_at + (k + 1) * interval '3 minutes',
       CASE WHEN (c.id + k) % 50 = 0 THEN c.created_at + (k + 2) * interval '3 minutes' END
FROM bench_counts c, generate_series(0, c.n_comments - 1) k;

-- Polls: poll id = post id; 2-5 options with ids poll * 8 + k.
INSERT INTO polls (id, post_id, question, created_at, updated_at)
SELECT p.id, p.id, p.content, p.created_at, p.created_at FROM posts p WHERE p.post_type = 'poll';
INSERT INTO poll_options (id, poll_id, option_text, display_order, created_at, updated_at)
SELECT pl.id * 8 + k, pl.id, 'Option ' || (k + 1), k, pl.created_at, pl.created_at
FROM polls pl, generate_series(0, 1 + pl.id % 4) k;
INSERT INTO poll_votes (user_id, poll_id, poll_option_id, created_at)
SELECT :umin + ((c.id * 104729 + k) % :ucount), c.id, c.id * 8 + floor((2 + c.id % 4) * random() ^ 1.5)::int,
       c.created_at + k * interval '11 seconds'
FROM bench_counts c, generate_series(0, c.n_votes - 1) k
WHERE c.post_type = 'poll';

SELECT setval(pg_get_serial_sequence('posts', 'id'), (SELECT max(id) FROM posts));
SELECT setval(pg_get_serial_sequence('polls', 'id'), greatest(1, (SELECT max(id) FROM polls)));
SELECT setval(pg_get_serial_sequence('poll_options', 'id'), greatest(1, (SELECT max(id) FROM poll_options)));

-- The stored counters of migration 0008 (likes, live comments), set from the rows just loaded as the API keeps them.
-- The UPDATE leaves a dead copy of nearly every post; VACUUM FULL rewrites posts once (at its fillfactor, while its
-- secondary indexes are still dropped) so the benchmark reads a heap of the same size as before the counters.
UPDATE posts p SET likes_count = s.likes, comments_count = s.comments
FROM (SELECT post_id, sum(likes) AS likes, sum(comments) AS comments
      FROM (SELECT post_id, count(*) AS likes, 0 AS comments FROM likes GROUP BY post_id
            UNION ALL
            SELECT post_id, 0, count(*) FROM comments WHERE deleted_at IS NULL GROUP BY post_id) c
      GROUP BY post_id) s
WHERE s.post_id = p.id;
VACUUM FULL posts;

-- Rebuild what was dropped.
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT tbl, name, def FROM bench_saved_constraints LOOP
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.tbl, r.name, r.def);
    END LOOP;
    FOR r IN SELECT def FROM bench_saved_indexes LOOP EXECUTE r.def; END LOOP;
END $$;
RESET session_replication_role;
\o
