-- like_toggle: POST /api/posts/:id/like on a random seeded post, by one of the logged-in users (likes or unlikes).
request = function()
  return wrk.format("POST", "/api/posts/" .. math.random(max_post_id) .. "/like", { ["Authorization"] = bearer() })
end
