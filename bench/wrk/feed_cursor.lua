-- feed_cursor: GET /api/posts?limit=20&cursor=<BENCH_DEEP_CURSOR> without a token: the keyset page that starts where
-- feed_deep's offset page does (bench/run.sh makes the cursor of the post just before it).
wrk.method = "GET"
wrk.path = "/api/posts?limit=20&cursor=" .. os.getenv("BENCH_DEEP_CURSOR")
