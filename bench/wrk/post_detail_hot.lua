-- post_detail_hot: GET /api/posts/:id of the hot post (seed.sql: liked by every user, 10,000 comments), anonymous.
wrk.method = "GET"
wrk.path = "/api/posts/" .. os.getenv("BENCH_HOT_POST_ID")
