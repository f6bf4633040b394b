-- search: GET /api/posts/search?q=<common word of the seeded text>, anonymous.
local words = { "linux", "guitar", "recipe", "anime", "coffee", "keyboard", "marathon", "database", "soundtrack", "chess" }
request = function()
  return wrk.format("GET", "/api/posts/search?q=" .. words[math.random(#words)])
end
