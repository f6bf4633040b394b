-- post_detail: GET /api/posts/:id for a random seeded post, anonymous.
request = function()
  return wrk.format("GET", "/api/posts/" .. math.random(max_post_id))
end
