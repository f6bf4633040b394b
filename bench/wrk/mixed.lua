-- mixed: 80 % reads (feed page one or a random post's detail), 10 % like toggles, 5 % writes (a post or a comment),
-- 5 % searches (a topic word); reads go with a bearer token half of the time, writes always (8 logged-in users).
local words = { "linux", "guitar", "recipe", "anime", "coffee", "keyboard", "marathon", "database", "friends", "vintage" }
local n = 0
request = function()
  n = n + 1
  local r = math.random()
  local id = math.random(max_post_id)
  local read_headers = math.random() < 0.5 and { ["Authorization"] = bearer() } or {}
  if r < 0.40 then
    return wrk.format("GET", "/api/posts?limit=20", read_headers)
  elseif r < 0.80 then
    return wrk.format("GET", "/api/posts/" .. id, read_headers)
  elseif r < 0.90 then
    return wrk.format("POST", "/api/posts/" .. id .. "/like", { ["Authorization"] = bearer() })
  elseif r < 0.925 then
    local title, content = post_text(string.format("wrk mixed %d-%d", thread_id or 0, n))
    local body = string.format('{"title":"%s","content":"%s","post_type":"text","sanctum_id":%s}',
      title, content, sanctum_ids[math.random(#sanctum_ids)])
    return wrk.format("POST", "/api/posts", { ["Content-Type"] = "application/json", ["Authorization"] = bearer() }, body)
  elseif r < 0.95 then
    local body = string.format('{"content":"Mixed comment %d-%d"}', thread_id or 0, n)
    return wrk.format("POST", "/api/posts/" .. id .. "/comments", { ["Content-Type"] = "application/json", ["Authorization"] = bearer() }, body)
  end
  return wrk.format("GET", "/api/posts/search?q=" .. words[math.random(#words)], read_headers)
end
