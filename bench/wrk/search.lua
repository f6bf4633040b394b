-- search: GET /api/posts/search?q=<common word of the seeded text>, anonymous.
local words = { "linux", "guitar", "recipe", "anime", "coffee", "keyboard", "marathon", "database", "soundtrack", "chess" } -- each in ~3 % of the seeded posts (seed.sql)
request = function()
  return wrk.format("GET", "/api/posts/search?q=" .. words[math.random(#words)])
end
