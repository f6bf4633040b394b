-- create_comment: POST /api/posts/:id/comments on a random seeded post, by one of the logged-in users.
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"content":"Written by wrk %d-%d"}', thread_id or 0, n)
  return wrk.format("POST", "/api/posts/" .. math.random(max_post_id) .. "/comments",
    { ["Content-Type"] = "application/json", ["Authorization"] = bearer() }, body)
end
