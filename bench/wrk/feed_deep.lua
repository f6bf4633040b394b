-- feed_deep: GET /api/posts?limit=20&offset=<BENCH_DEEP_OFFSET> without a token: the contract's offset paging, 10,000
-- posts deep (bench/run.sh: 10,000, or less where the scale has fewer posts, so the page is never empty).
wrk.method = "GET"
wrk.path = "/api/posts?limit=20&offset=" .. os.getenv("BENCH_DEEP_OFFSET")
