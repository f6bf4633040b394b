-- feed_anonymous: GET /api/posts?limit=20 without a token.
wrk.method = "GET"
wrk.path = "/api/posts?limit=20"
