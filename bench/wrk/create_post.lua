-- create_post: POST /api/posts, a text post in a random built-in sanctum, by one of the logged-in users.
local n = 0
request = function()
  n = n + 1
  local body = string.format(
    '{"title":"Benchmark post %d-%d","content":"Written by wrk: linux kernel guitar recipe %d","post_type":"text","sanctum_id":%s}',
    thread_id or 0, n, n, sanctum_ids[math.random(#sanctum_ids)])
  return wrk.format("POST", "/api/posts", { ["Content-Type"] = "application/json", ["Authorization"] = bearer() }, body)
end
