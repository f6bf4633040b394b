-- search_common / search_mid / search_rare: GET /api/posts/search?q=<BENCH_SEARCH_WORD>, anonymous; seed.sql puts
-- "friends" in ~30 % of posts, "vintage" in ~1 %, "zeppelin" in ~0.01 %.
wrk.method = "GET"
wrk.path = "/api/posts/search?q=" .. os.getenv("BENCH_SEARCH_WORD")
