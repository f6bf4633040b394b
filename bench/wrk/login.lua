-- login: POST /api/auth/login as a random seeded user (a bcrypt cost-10 verify per request).
local password = os.getenv("BENCH_PASSWORD")
request = function()
  local body = string.format('{"email":"bench_%d@bench.local","password":"%s"}', math.random(users), password)
  return wrk.format("POST", "/api/auth/login", { ["Content-Type"] = "application/json" }, body)
end
