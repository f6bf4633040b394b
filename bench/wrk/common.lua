-- Shared by every wrk script: bench/run.sh runs `cat common.lua <endpoint>.lua` as one script.
-- Environment (read in every wrk thread): BENCH_TOKENS (comma-separated bearer tokens), BENCH_MAX_POST_ID,
-- BENCH_USERS (number of seeded users), BENCH_PASSWORD, BENCH_SANCTUM_IDS (comma-separated).
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
end

function split(text)
  local items = {}
  for item in string.gmatch(text or "", "[^,]+") do
    items[#items + 1] = item
  end
  return items
end

tokens = split(os.getenv("BENCH_TOKENS"))
max_post_id = tonumber(os.getenv("BENCH_MAX_POST_ID") or "1")
users = tonumber(os.getenv("BENCH_USERS") or "1")
sanctum_ids = split(os.getenv("BENCH_SANCTUM_IDS"))

-- Written posts read like the seeded ones (bench/seed.sql draws from the same lists), so a search word is as common
-- among the newest posts as among the old, and the rows that run after the writes search the data they were meant to.
local function lines(name)
  local items = {}
  local dir = os.getenv("BENCH_TEXT")
  if dir then
    for line in io.lines(dir .. "/" .. name) do
      items[#items + 1] = line
    end
  end
  return items
end
local topics, fillers, templates = lines("topics.txt"), lines("fillers.txt"), lines("templates.txt")

local function pick(items)
  return items[math.random(#items)]
end

-- A title and content as seed.sql draws them for a text post (friends in 30 %, vintage in 1 %, zeppelin in 0.01 %),
-- each ending in a marker the harness can find the written posts by.
function post_text(marker)
  local title = string.format("%s %s %s %s (%s)", pick(fillers):gsub("^%l", string.upper), pick(topics), pick(fillers), pick(topics), marker)
  local content = pick(templates):gsub("{a}", pick(topics)):gsub("{b}", pick(topics)) .. " "
    .. pick(templates):gsub("{a}", pick(topics)):gsub("{b}", "details")
  local r = math.random()
  if r < 0.30 then content = content .. " Thanks, friends."
  elseif r < 0.31 then content = content .. " A vintage find."
  elseif r < 0.3101 then content = content .. " Zeppelin!" end
  return title, content
end

function init(args)
  math.randomseed(os.time() * 100 + (thread_id or 0))
end

function bearer()
  return "Bearer " .. tokens[math.random(#tokens)]
end

-- One machine-readable line for bench/run.sh. errors.status counts responses with status >= 400
-- (wrk's "Non-2xx or 3xx responses"); the socket errors are connect + read + write + timeout.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "mean_us": %.1f, "max_us": %d, "non_2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max, e.status, e.connect + e.read + e.write + e.timeout))
end
