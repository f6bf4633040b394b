-- dm_send: POST /api/conversations/:id/messages, each logged-in user bench_i (token i) into its own DM, the one
-- bench/run.sh chat_seed made between bench_(2k+1) and bench_(2k+2): token i writes into DM k = floor((i-1)/2).
-- BENCH_DM_MIN: the id of DM 0.
local dm_min = tonumber(os.getenv("BENCH_DM_MIN") or "1")
local n = 0
request = function()
  n = n + 1
  local i = math.random(#tokens)
  local body = string.format('{"content":"Written by wrk: a direct message of ordinary length %d-%d"}', thread_id or 0, n)
  local path = string.format("/api/conversations/%d/messages", dm_min + math.floor((i - 1) / 2))
  return wrk.format("POST", path, { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[i] }, body)
end
