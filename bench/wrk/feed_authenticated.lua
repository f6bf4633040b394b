-- feed_authenticated: GET /api/posts?limit=20 with the bearer token of a seeded user (liked/user_vote_option_id).
wrk.method = "GET"
wrk.path = "/api/posts?limit=20"
wrk.headers["Authorization"] = "Bearer " .. tokens[1]
