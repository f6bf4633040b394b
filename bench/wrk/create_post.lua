-- create_post: POST /api/posts, a text post in a random built-in sanctum, by one of the logged-in users, with text
-- drawn like the seed's (common.lua post_text).
local n = 0
request = function()
  n = n + 1
  local title, content = post_text(string.format("wrk %d-%d", thread_id or 0, n))
  local body = string.format('{"title":"%s","content":"%s","post_type":"text","sanctum_id":%s}',
    title, content, sanctum_ids[math.random(#sanctum_ids)])
  return wrk.format("POST", "/api/posts", { ["Content-Type"] = "application/json", ["Authorization"] = bearer() }, body)
end
