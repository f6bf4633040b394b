#!/usr/bin/env bash
# Sanctum benchmark (bench/README.md). `make bench` runs both scales; `make bench QUICK=1` the small one, short.
# Starts its own PostgreSQL, Redis and a Release build of the API on free local ports, seeds the data straight into
# Postgres, drives each endpoint with wrk (64 connections) and the store's SQL with pgbench (64 clients), and writes
# bench/out/latest.json and latest.md (git-ignored). Everything it starts is stopped on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
QUICK="${QUICK:-0}"
[ "$QUICK" = "0" ] && QUICK=""
MODE=${QUICK:+quick}
MODE=${MODE:-full}
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
OUT="${BENCH_OUT:-$BENCH/out}"
THREADS=2
if [ -n "$QUICK" ]; then
  SCALES="${BENCH_SCALES:-small}"
  WARMUP="${BENCH_WARMUP:-3}"
  DURATION="${BENCH_DURATION:-10}"
  CEILING_DURATION="${BENCH_CEILING_DURATION:-5}"
else
  SCALES="${BENCH_SCALES:-small large}"
  WARMUP="${BENCH_WARMUP:-10}"
  DURATION="${BENCH_DURATION:-30}"
  CEILING_DURATION="${BENCH_CEILING_DURATION:-15}"
fi
# Every pgbench ceiling runs at each of these client counts (after one warm-up) and reports its best: 64 clients on
# 2 cores is far from PostgreSQL's best, so a ratio to it would flatter the API.
CEILING_CLIENTS="${BENCH_CEILING_CLIENTS:-4 8 16 64}"
# posts and users per scale (users bound the likes of one post: UNIQUE (user_id, post_id)).
declare -A SCALE_POSTS=([small]=10000 [large]=1000000)
declare -A SCALE_USERS=([small]=5000 [large]=50000)
PASSWORD='BenchPassword123!'
LOGGED_IN_USERS=8
# dm_send logs in one sender per connection, two per DM (bench_1..bench_64 write into DMs 0..31), and
# pgbench_dm_send writes into the same 32 DMs: a few hot DMs would measure row-lock queues, not the route.
DM_SENDERS=$CONNECTIONS
# Rows to run (space or comma separated, e.g. BENCH_ROWS=ws_fanout); empty runs them all. Seeding always runs.
ROWS="${BENCH_ROWS:-}"
# ws_fanout (bench/wsfanout): sockets over 2 API replicas, the writer's steady rate and the ramp (posts/s).
WS_SOCKETS="${BENCH_WS_SOCKETS:-1000}"
WS_RATE="${BENCH_WS_RATE:-25}"
WS_RAMP="${BENCH_WS_RAMP:-25,50,100,200,400}"
WS_RAMP_STEP="${BENCH_WS_RAMP_STEP:-5}"
WS_SCALE="${SCALES%% *}"  # the row runs at one scale only (the first): the data size does not matter to it
# Chat (bench/chatfanout, dm_send): $CHAT_ROOMS private groups of $CHAT_MEMBERS seeded users (bench_1001 and up), each
# member sending $CHAT_RATE messages/s; and $DM_PAIRS DMs between bench_(2k+1) and bench_(2k+2) for dm_send.
CHAT_ROOMS="${BENCH_CHAT_ROOMS:-200}"
CHAT_MEMBERS="${BENCH_CHAT_MEMBERS:-5}"
CHAT_RATE="${BENCH_CHAT_RATE:-0.1}"
DM_PAIRS=500
DM_MIN=0
# Images (bench/imagebench): $IMAGE_COUNT distinct 2 MP JPEGs uploaded over $IMAGE_CONNECTIONS connections by
# $IMAGE_USERS logged-in users (a (user, picture) pair repeats only after users x pictures uploads: see image_upload.lua).
IMAGE_CONNECTIONS="${BENCH_IMAGE_CONNECTIONS:-8}"
IMAGE_COUNT=48
IMAGE_USERS=64

want() { [ -z "$ROWS" ] || [[ " ${ROWS//,/ } " == *" $1 "* ]]; }
log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- prerequisites
ensure_tools() {
  bash "$ROOT/scripts/prereqs.sh"
  local missing=()
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  PGBIN="${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
  [ -x "$PGBIN/pgbench" ] || missing+=(postgresql-contrib)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
      log "installing ${missing[*]}"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
      service redis-server stop >/dev/null 2>&1 || true
      service postgresql stop >/dev/null 2>&1 || true
      PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
    else
      die "missing ${missing[*]}; install them, e.g. sudo apt-get install -y ${missing[*]}"
    fi
  fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# ---------------------------------------------------------------- processes (all stopped by the trap)
WORK="$(mktemp -d /tmp/sanctum-bench.XXXXXX)"
PG_PID="" REDIS_PID="" API_PID="" API2_PID="" WORKER_PID=""
# One signing key for the run: every API replica must accept the others' tokens.
JWT_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(48)[:64])')"

# postgres refuses to run as root: a root caller runs it as the postgres user (as Sanctum.AppHost/scripts/postgres-local.sh).
AS_POSTGRES=()
[ "$(id -u)" -eq 0 ] && AS_POSTGRES=(setpriv --reuid=postgres --regid=postgres --init-groups --)

stop_services() {
  [ -n "$API_PID" ] && kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null || true
  [ -n "$API2_PID" ] && kill "$API2_PID" 2>/dev/null && wait "$API2_PID" 2>/dev/null || true
  [ -n "$WORKER_PID" ] && kill "$WORKER_PID" 2>/dev/null && wait "$WORKER_PID" 2>/dev/null || true
  [ -n "$REDIS_PID" ] && kill "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null || true
  # SIGINT = fast shutdown.
  [ -n "$PG_PID" ] && kill -INT "$PG_PID" 2>/dev/null && wait "$PG_PID" 2>/dev/null || true
  API_PID="" API2_PID="" WORKER_PID="" REDIS_PID="" PG_PID=""
}

cleanup() {
  local rc=$?
  stop_services
  if [ "$rc" -ne 0 ]; then
    log "failed (exit $rc); logs kept in $WORK (api.log, postgres.log, redis.log)"
    rm -rf "$WORK/pgdata" "$WORK/api"
  elif [ -z "${BENCH_KEEP:-}" ]; then
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_postgres() {
  PG_PORT="$(free_port)"
  mkdir -p "$WORK/pgdata"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$WORK" "$WORK/pgdata"
  "${AS_POSTGRES[@]}" "$PGBIN/initdb" -D "$WORK/pgdata" -U postgres -A trust -E UTF8 >/dev/null
  # Normal durability (fsync, full_page_writes on) except synchronous_commit=off: a commit returns before its WAL
  # is flushed (a crash may lose the last few hundred ms of commits, never corrupts). Stated in bench/README.md.
  # Started directly (not through a function) so that $! is the postmaster itself.
  "${AS_POSTGRES[@]}" "$PGBIN/postgres" -D "$WORK/pgdata" -h 127.0.0.1 -p "$PG_PORT" -k '' \
    -c max_connections=300 -c shared_buffers=1GB -c effective_cache_size=8GB -c maintenance_work_mem=1GB \
    -c synchronous_commit=off -c max_wal_size=8GB -c checkpoint_timeout=30min \
    -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=top \
    >"$WORK/postgres.log" 2>&1 &
  PG_PID=$!
  for _ in $(seq 1 60); do
    "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && break
    kill -0 "$PG_PID" 2>/dev/null || die "postgres exited: $(tail -5 "$WORK/postgres.log")"
    sleep 0.5
  done
  "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" || die "postgres not ready after 30 s"
  psql_root -d postgres -c "CREATE DATABASE bench" >/dev/null
}

psql_root() { "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAtX "$@"; }
psql_bench() { psql_root -d bench "$@"; }

# start_redis [port]: a free port, or the given one (bench/drill.sh restarts Redis where the API expects it).
start_redis() {
  REDIS_PORT="${1:-$(free_port)}"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --protected-mode no \
    --dir "$WORK" >>"$WORK/redis.log" 2>&1 &
  REDIS_PID=$!
  for _ in $(seq 1 40); do
    [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ] && return 0
    sleep 0.25
  done
  die "redis not ready"
}

build_api() {
  log "dotnet publish Sanctum.Api -c Release"
  dotnet publish "$ROOT/Sanctum.Api/Sanctum.Api.csproj" -c Release -o "$WORK/api" --nologo -v q >"$WORK/build.log" 2>&1 \
    || { tail -30 "$WORK/build.log" >&2; die "build failed"; }
  if want ws_fanout; then
    log "dotnet publish bench/wsfanout -c Release"
    dotnet publish "$BENCH/wsfanout/WsFanout.csproj" -c Release -o "$WORK/wsfanout" --nologo -v q >>"$WORK/build.log" 2>&1 \
      || { tail -30 "$WORK/build.log" >&2; die "build of bench/wsfanout failed"; }
  fi
  if want chat_fanout; then
    log "dotnet publish bench/chatfanout -c Release"
    dotnet publish "$BENCH/chatfanout/ChatFanout.csproj" -c Release -o "$WORK/chatfanout" --nologo -v q >>"$WORK/build.log" 2>&1 \
      || { tail -30 "$WORK/build.log" >&2; die "build of bench/chatfanout failed"; }
  fi
  if want image_upload || want image_worker; then
    log "dotnet publish bench/imagebench -c Release; $IMAGE_COUNT pictures"
    dotnet publish "$BENCH/imagebench/ImageBench.csproj" -c Release -o "$WORK/imagebench" --nologo -v q >>"$WORK/build.log" 2>&1 \
      || { tail -30 "$WORK/build.log" >&2; die "build of bench/imagebench failed"; }
    dotnet "$WORK/imagebench/ImageBench.dll" gen "$WORK/images" "$IMAGE_COUNT" || die "imagebench gen failed"
  fi
}

# launch_api <log> [NAME=value ...]: one API process on a free port against this scale's Postgres and Redis (extra
# settings last, so they win); sets LAUNCHED_URL and LAUNCHED_PID (the dotnet process itself: the subshell execs it)
# and waits until it is ready. The image worker is off except where image_worker turns it on.
launch_api() {
  local logfile="$WORK/$1"
  shift
  LAUNCHED_URL="http://127.0.0.1:$(free_port)"
  (
    cd "$WORK/api"
    exec env ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production \
      RateLimits__Enabled=false \
      Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.AspNetCore=Warning \
      "ConnectionStrings__db=Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=bench" \
      "ConnectionStrings__cache=127.0.0.1:$REDIS_PORT" \
      "Jwt__SigningKey=$JWT_KEY" \
      Bench__PlainEndpoint=true \
      "Images__Directory=$WORK/media" Images__Worker__Enabled=false \
      "$@" \
      dotnet Sanctum.Api.dll --urls "$LAUNCHED_URL"
  ) >"$logfile" 2>&1 &
  LAUNCHED_PID=$!
  local deadline=$((SECONDS + 90))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$LAUNCHED_URL/health/ready" 2>/dev/null)" = "200" ]; do
    kill -0 "$LAUNCHED_PID" 2>/dev/null || die "API exited: $(tail -20 "$logfile")"
    [ $SECONDS -lt $deadline ] || die "API not ready (/health/ready) after 90 s: $(tail -20 "$logfile")"
    sleep 0.5
  done
}

start_api() { launch_api api.log; API="$LAUNCHED_URL" API_PID="$LAUNCHED_PID"; }
# A second replica on the same Postgres and Redis (ws_fanout only, so the other rows measure one process).
start_api2() {
  [ -n "$API2_PID" ] && return 0
  launch_api api2.log; API2="$LAUNCHED_URL" API2_PID="$LAUNCHED_PID"
}

# ---------------------------------------------------------------- seeding
seed() {
  local scale=$1 posts=${SCALE_POSTS[$1]} users=${SCALE_USERS[$1]}
  # One real signup gives a real bcrypt hash (cost 10) of $PASSWORD, copied to every seeded user.
  local code
  code=$(curl -s -o "$WORK/signup.json" -w '%{http_code}' -X POST "$API/api/auth/signup" -H 'Content-Type: application/json' \
    -d "{\"username\":\"benchsignup\",\"email\":\"benchsignup@bench.local\",\"password\":\"$PASSWORD\"}")
  [ "$code" = "201" ] || die "signup answered $code: $(cat "$WORK/signup.json")"
  [ "$(psql_bench -c "SELECT to_regclass('public.posts') IS NOT NULL")" = "t" ] \
    || die "no posts table: the posts feature (branch feed) is not merged into this branch"
  log "seeding $scale: $posts posts, $users users"
  local start=$SECONDS
  psql_bench -v posts="$posts" -v users="$users" -v hash_email=benchsignup@bench.local \
    -v topics="$(cat "$BENCH/text/topics.txt")" -v fillers="$(cat "$BENCH/text/fillers.txt")" \
    -v templates="$(cat "$BENCH/text/templates.txt")" -f "$BENCH/seed.sql"
  psql_bench -c "VACUUM ANALYZE" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
  SEED_SECONDS=$((SECONDS - start))
  log "seeded in ${SEED_SECONDS} s"
  MAX_POST_ID=$(psql_bench -c "SELECT max(id) FROM posts")
  HOT_POST_ID=$((posts / 2))
  DEEP_OFFSET=$((posts - 100 < 10000 ? posts - 100 : 10000))
  # The keyset cursor of the post just before the deep page, in FeedCursor's format (a test pins this SQL to it).
  DEEP_CURSOR=$(psql_bench -c "SELECT rtrim(translate(encode(convert_to((extract(epoch FROM created_at) * 1000000)::bigint || ':' || id,
      'UTF8'), 'base64'), '+/', '-_'), '=') FROM posts WHERE deleted_at IS NULL ORDER BY created_at DESC, id DESC OFFSET $((DEEP_OFFSET - 1)) LIMIT 1")
  UMIN=$(psql_bench -c "SELECT min(id) FROM users WHERE email LIKE 'bench\_%@bench.local'")
  UMAX=$(psql_bench -c "SELECT max(id) FROM users WHERE email LIKE 'bench\_%@bench.local'")
  SANCTUM_IDS=$(psql_bench -c "SELECT string_agg(id::text, ',' ORDER BY id) FROM sanctums WHERE status = 'active'")
  psql_bench -c "SELECT json_build_object(
      'name', '$scale', 'users', (SELECT count(*) FROM users), 'sanctums', (SELECT count(*) FROM sanctums),
      'posts', (SELECT count(*) FROM posts), 'comments', (SELECT count(*) FROM comments),
      'likes', (SELECT count(*) FROM likes), 'polls', (SELECT count(*) FROM polls),
      'poll_votes', (SELECT count(*) FROM poll_votes),
      'max_likes_per_post', (SELECT max(c) FROM (SELECT count(*) AS c FROM likes GROUP BY post_id) x),
      'max_comments_per_post', (SELECT max(c) FROM (SELECT count(*) AS c FROM comments GROUP BY post_id) x),
      'database_mb', (SELECT pg_database_size('bench') / 1048576),
      'seed_seconds', $SEED_SECONDS)" >"$WORK/$scale.scale.json"
}

# chat_seed: the DMs of dm_send / pgbench_dm_send (DM k, id $DM_MIN + k, between bench_(2k+1) and bench_(2k+2),
# consecutive ids from one INSERT) and the rooms of chat_fanout ($WORK/chat_rooms.txt: "<room id> <member numbers>").
chat_seed() {
  want dm_send || want pgbench_dm_send || want chat_fanout || return 0
  [ "$(psql_bench -c "SELECT to_regclass('public.messages') IS NOT NULL")" = "t" ] \
    || die "no messages table: the chat feature (migration 0005) is not in this branch"
  DM_MIN=$(psql_bench -c "WITH c AS (INSERT INTO conversations (name, is_group, created_by, dm_user_low, dm_user_high)
      SELECT '', FALSE, $UMIN + 2 * k, $UMIN + 2 * k, $UMIN + 2 * k + 1 FROM generate_series(0, $DM_PAIRS - 1) k ORDER BY k
      RETURNING id, dm_user_low, dm_user_high),
    p AS (INSERT INTO conversation_participants (conversation_id, user_id)
      SELECT id, dm_user_low FROM c UNION ALL SELECT id, dm_user_high FROM c)
    SELECT min(id) FROM c")
  psql_bench -c "WITH c AS (INSERT INTO conversations (name, is_group, created_by)
        SELECT 'bench room ' || k, TRUE, $UMIN + 1000 + k * $CHAT_MEMBERS FROM generate_series(0, $CHAT_ROOMS - 1) k ORDER BY k
        RETURNING id, created_by),
      p AS (INSERT INTO conversation_participants (conversation_id, user_id)
        SELECT c.id, c.created_by + m FROM c, generate_series(0, $CHAT_MEMBERS - 1) m)
    SELECT c.id || ' ' || string_agg((c.created_by - $UMIN + 1 + m)::text, ',' ORDER BY m)
    FROM c, generate_series(0, $CHAT_MEMBERS - 1) m GROUP BY c.id, c.created_by ORDER BY c.id" >"$WORK/chat_rooms.txt"
  psql_bench -c "ANALYZE conversations" -c "ANALYZE conversation_participants"
  log "chat: $DM_PAIRS DMs from id $DM_MIN, $(wc -l <"$WORK/chat_rooms.txt") rooms of $CHAT_MEMBERS"
}

login_tokens() {
  local tokens=() i
  for i in $(seq 1 "${1:-$LOGGED_IN_USERS}"); do
    local token
    token=$(curl -s -X POST "$API/api/auth/login" -H 'Content-Type: application/json' \
      -d "{\"email\":\"bench_$i@bench.local\",\"password\":\"$PASSWORD\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])') \
      || die "login of bench_$i failed"
    tokens+=("$token")
  done
  BENCH_TOKENS=$(IFS=,; echo "${tokens[*]}")
}

# ---------------------------------------------------------------- measurements
# wrk_run <scale> <name> <lua> <path> [connections]: a warm-up run (discarded), then the measured run at $CONNECTIONS.
wrk_run() {
  local scale=$1 name=$2 lua=$3 path=$4 connections=${5:-$CONNECTIONS}
  want "$name" || return 0
  cat "$BENCH/wrk/common.lua" "$BENCH/wrk/$lua.lua" >"$WORK/$lua.script.lua"
  # Fresh 15-minute access tokens before every authenticated run.
  case "$name" in
    feed_authenticated|create_post|like_toggle|create_comment|mixed) login_tokens ;;
    dm_send) login_tokens "$DM_SENDERS" ;;
    image_upload) login_tokens "$IMAGE_USERS" ;;
  esac
  local env=(BENCH_TOKENS="${BENCH_TOKENS:-}" BENCH_MAX_POST_ID="$MAX_POST_ID" BENCH_USERS="$((UMAX - UMIN + 1))"
             BENCH_PASSWORD="$PASSWORD" BENCH_SANCTUM_IDS="$SANCTUM_IDS" BENCH_DM_MIN="$DM_MIN" BENCH_TEXT="$BENCH/text"
             BENCH_IMAGES="$WORK/images" BENCH_IMAGE_COUNT="$IMAGE_COUNT"
             BENCH_SEARCH_WORD="${SEARCH_WORD:-}" BENCH_HOT_POST_ID="$HOT_POST_ID" BENCH_DEEP_OFFSET="$DEEP_OFFSET" BENCH_DEEP_CURSOR="$DEEP_CURSOR")
  env "${env[@]}" wrk -t"$THREADS" -c"$connections" -d"${WARMUP}s" --timeout 30s -s "$WORK/$lua.script.lua" "$API$path" >/dev/null 2>&1 || true
  drain
  env "${env[@]}" wrk -t"$THREADS" -c"$connections" -d"${DURATION}s" --timeout 30s --latency -s "$WORK/$lua.script.lua" "$API$path" \
    >"$WORK/$scale.$name.wrk.txt" 2>&1 || die "wrk $name failed: $(tail -5 "$WORK/$scale.$name.wrk.txt")"
  local json
  json=$(sed -n 's/^BENCH_JSON //p' "$WORK/$scale.$name.wrk.txt")
  [ -n "$json" ] || die "no result line from wrk $name: $(tail -5 "$WORK/$scale.$name.wrk.txt")"
  echo "{\"scale\": \"$scale\", \"kind\": \"wrk\", \"name\": \"$name\", \"connections\": $connections, \"wrk\": $json}" >>"$WORK/measurements.jsonl"
  log "$(python3 "$BENCH/report.py" line "$json" "$name")"
}

# After a warm-up, wait (at most 30 s) until the API has finished the requests wrk abandoned when it stopped, so the
# measured run does not inherit their backlog (it matters for login: 64 queued bcrypt verifies take seconds).
drain() {
  local deadline=$((SECONDS + 30)) t
  while [ $SECONDS -lt $deadline ]; do
    t=$(curl -s -o /dev/null -w '%{time_total}' "$API/bench/plain" || echo 1)
    python3 -c "import sys; sys.exit(0 if float('$t') < 0.05 else 1)" && return 0
    sleep 0.5
  done
}

# pgbench_run <scale> <name> <script>: one warm-up at $CONNECTIONS clients, then $CEILING_DURATION s at each of
# $CEILING_CLIENTS (-j 2 -M prepared); the row is the best of them, with every count's figures beside it.
pgbench_run() {
  local scale=$1 name=$2 script=$3
  want "$name" || return 0
  local args=(-h 127.0.0.1 -p "$PG_PORT" -U postgres -n -j "$THREADS" -M prepared
              -D maxid="$MAX_POST_ID" -D umin="$UMIN" -D umax="$UMAX" -D dmmin="$DM_MIN" -D dmn="$((DM_SENDERS / 2))"
              -D hotid="$HOT_POST_ID" -f "$BENCH/pgbench/$script.sql" bench)
  "$PGBIN/pgbench" -c "$CONNECTIONS" -T "$WARMUP" "${args[@]}" >/dev/null 2>&1 || true
  local clients runs=() best_tps=0 best_clients=0 best_lat=0 failed_all=0
  for clients in $CEILING_CLIENTS; do
    local file="$WORK/$scale.$name.c$clients.pgbench.txt" tps lat failed
    "$PGBIN/pgbench" -c "$clients" -T "$CEILING_DURATION" "${args[@]}" >"$file" 2>&1 \
      || die "pgbench $name -c $clients failed: $(tail -5 "$file")"
    tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$file" | tail -1)
    lat=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$file")
    failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$file")
    runs+=("{\"clients\": $clients, \"tps\": ${tps:-0}, \"latency_avg_ms\": ${lat:-0}, \"failed\": ${failed:-0}}")
    failed_all=$((failed_all + ${failed:-0}))
    if python3 -c "import sys; sys.exit(0 if float('${tps:-0}') > float('$best_tps') else 1)"; then
      best_tps=${tps:-0} best_clients=$clients best_lat=${lat:-0}
    fi
  done
  echo "{\"scale\": \"$scale\", \"kind\": \"pgbench\", \"name\": \"$name\", \"tps\": $best_tps, \"clients\": $best_clients, \"latency_avg_ms\": $best_lat, \"failed\": $failed_all, \"by_clients\": [$(IFS=,; echo "${runs[*]}")]}" \
    >>"$WORK/measurements.jsonl"
  log "$name: best ${best_tps} tps at $best_clients clients (avg ${best_lat} ms)"
}

# login_storm_run <scale>: feed_anonymous measured while another wrk keeps $CONNECTIONS connections logging in
# (one bcrypt verify each); both figures are kept (the feed's as the row, the logins' under "logins").
login_storm_run() {
  local scale=$1
  want login_storm || return 0
  cat "$BENCH/wrk/common.lua" "$BENCH/wrk/login.lua" >"$WORK/login.script.lua"
  cat "$BENCH/wrk/common.lua" "$BENCH/wrk/feed_anonymous.lua" >"$WORK/feed_anonymous.script.lua"
  local env=(BENCH_USERS="$((UMAX - UMIN + 1))" BENCH_PASSWORD="$PASSWORD")
  env "${env[@]}" wrk -t1 -c"$CONNECTIONS" -d"$((WARMUP + DURATION + 2))s" --timeout 30s --latency -s "$WORK/login.script.lua" "$API/" \
    >"$WORK/$scale.login_storm.logins.wrk.txt" 2>&1 &
  local storm=$!
  sleep "$WARMUP"
  wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 30s --latency -s "$WORK/feed_anonymous.script.lua" "$API/" \
    >"$WORK/$scale.login_storm.wrk.txt" 2>&1 || die "wrk login_storm failed: $(tail -5 "$WORK/$scale.login_storm.wrk.txt")"
  wait "$storm" || die "wrk login_storm logins failed: $(tail -5 "$WORK/$scale.login_storm.logins.wrk.txt")"
  drain
  local feed logins
  feed=$(sed -n 's/^BENCH_JSON //p' "$WORK/$scale.login_storm.wrk.txt")
  logins=$(sed -n 's/^BENCH_JSON //p' "$WORK/$scale.login_storm.logins.wrk.txt")
  [ -n "$feed" ] && [ -n "$logins" ] || die "no result line from the login_storm runs"
  echo "{\"scale\": \"$scale\", \"kind\": \"wrk\", \"name\": \"login_storm\", \"connections\": $CONNECTIONS, \"wrk\": $feed, \"logins\": $logins}" \
    >>"$WORK/measurements.jsonl"
  log "$(python3 "$BENCH/report.py" line "$feed" login_storm) (while $(python3 "$BENCH/report.py" line "$logins" logins))"
}

# search_check <scale>: the first and third pages (limit 10) of 20 searches, from the API and from the exhaustive
# reference query (a sequential scan: no index can hide a match), must be the same ids in the same order.
search_check() {
  local scale=$1
  want search_check || return 0
  local words="friends vintage zeppelin linux kernel guitar recipe anime coffee keyboard marathon database soundtrack chess
               sourdough telescope origami violin kubernetes pancakes"
  local word offset pages=0 mismatches=()
  for word in $words; do
    for offset in 0 20; do
      local api ref
      api=$(curl -s "$API/api/posts/search?q=$word&limit=10&offset=$offset" | python3 -c 'import json,sys; print(",".join(str(p["id"]) for p in json.load(sys.stdin)))') \
        || die "search_check: the API's search for $word failed"
      ref=$(psql_bench -c "SET enable_indexscan = off" -c "SET enable_bitmapscan = off" -c "SELECT coalesce(string_agg(id::text, ',' ORDER BY created_at DESC, id DESC), '')
          FROM (SELECT id, created_at FROM posts WHERE deleted_at IS NULL
                AND (search_vector @@ websearch_to_tsquery('english', '$word') OR title ILIKE '%$word%' OR content ILIKE '%$word%')
                ORDER BY created_at DESC, id DESC LIMIT 10 OFFSET $offset) x" | tail -1)
      pages=$((pages + 1))
      [ "$api" = "$ref" ] || mismatches+=("\"$word@$offset\"")
    done
  done
  echo "{\"scale\": \"$scale\", \"kind\": \"search_check\", \"name\": \"search_check\", \"queries\": $(echo $words | wc -w), \"pages\": $pages, \"mismatches\": [$(IFS=,; echo "${mismatches[*]}")]}" \
    >>"$WORK/measurements.jsonl"
  log "search_check: $pages pages, ${#mismatches[@]} different from the reference query"
}

# ws_fanout_run <scale>: $WS_SOCKETS notification sockets over two replicas, a writer at $WS_RATE posts/s for
# $DURATION s without and then with the sockets, then the ramp $WS_RAMP ($WS_RAMP_STEP s per step). Socket users are
# bench_101 and up (10 sockets each, 5 per replica); the writer is bench_1.
ws_fanout_run() {
  local scale=$1
  want ws_fanout || return 0
  start_api2
  log "ws_fanout: $WS_SOCKETS sockets on $API and $API2, $WS_RATE posts/s, ramp $WS_RAMP"
  dotnet "$WORK/wsfanout/WsFanout.dll" --api "$API,$API2" --api-pids "$API_PID,$API2_PID" --sanctum-ids "$SANCTUM_IDS" \
    --sockets "$WS_SOCKETS" --rate "$WS_RATE" --duration "$DURATION" --warmup "$WARMUP" \
    --ramp "$WS_RAMP" --ramp-step "$WS_RAMP_STEP" --password "$PASSWORD" \
    >"$WORK/$scale.ws_fanout.json" 2>"$WORK/$scale.ws_fanout.log" \
    || die "ws_fanout failed: $(tail -5 "$WORK/$scale.ws_fanout.log")"
  echo "{\"scale\": \"$scale\", \"kind\": \"ws_fanout\", \"name\": \"ws_fanout\", \"ws\": $(cat "$WORK/$scale.ws_fanout.json")}" \
    >>"$WORK/measurements.jsonl"
  log "$(python3 "$BENCH/report.py" wsline "$WORK/$scale.ws_fanout.json")"
}

# chat_fanout_run <scale>: $CHAT_ROOMS rooms of $CHAT_MEMBERS over two replicas, every member on a chat socket and
# joined to its room, each sending $CHAT_RATE messages/s over REST; delay from the send's 201 to each other member.
chat_fanout_run() {
  local scale=$1
  want chat_fanout || return 0
  start_api2
  log "chat_fanout: $CHAT_ROOMS rooms of $CHAT_MEMBERS on $API and $API2, $CHAT_RATE messages/s per member"
  dotnet "$WORK/chatfanout/ChatFanout.dll" --api "$API,$API2" --rooms-file "$WORK/chat_rooms.txt" \
    --rate "$CHAT_RATE" --duration "$DURATION" --warmup "$WARMUP" --password "$PASSWORD" \
    >"$WORK/$scale.chat_fanout.json" 2>"$WORK/$scale.chat_fanout.log" \
    || die "chat_fanout failed: $(tail -5 "$WORK/$scale.chat_fanout.log")"
  echo "{\"scale\": \"$scale\", \"kind\": \"chat_fanout\", \"name\": \"chat_fanout\", \"chat\": $(cat "$WORK/$scale.chat_fanout.json")}" \
    >>"$WORK/measurements.jsonl"
  log "$(python3 "$BENCH/report.py" chatline "$WORK/$scale.chat_fanout.json")"
}

# image_rows <scale>: the library's own speed (bench/imagebench: the upload pipeline on every core, the worker's on one
# thread, as the worker runs), then image_upload over $IMAGE_CONNECTIONS connections to the API (its worker off, so
# the uploads queue), then image_worker: one API process with the worker on drains that queue.
image_rows() {
  local scale=$1
  want image_upload || want image_worker || return 0
  log "image library: $(nproc) upload threads, 1 worker thread"
  dotnet "$WORK/imagebench/ImageBench.dll" library "$WORK/images" "$(nproc)" 1 "$WARMUP" "$DURATION" >"$WORK/$scale.image_library.json" \
    || die "imagebench library failed"
  echo "{\"scale\": \"$scale\", \"kind\": \"image_library\", \"name\": \"image_library\", \"library\": $(cat "$WORK/$scale.image_library.json")}" \
    >>"$WORK/measurements.jsonl"
  local before
  before=$(psql_bench -c "SELECT count(*) FROM images")
  wrk_run "$scale" image_upload image_upload / "$IMAGE_CONNECTIONS"
  log "image_upload: $(( $(psql_bench -c "SELECT count(*) FROM images") - before )) new images (warm-up included)"
  image_worker_run "$scale"
}

# image_worker_run <scale>: variants per second while one worker (in its own API process) drains the queue, for
# $DURATION s at most or until the queue is empty.
image_worker_run() {
  local scale=$1
  want image_worker || return 0
  local queued
  queued=$(psql_bench -c "SELECT count(*) FROM images WHERE status = 'queued'")
  [ "$queued" -gt 0 ] || die "image_worker: no queued image (it drains what image_upload queued)"
  launch_api api_worker.log Images__Worker__Enabled=true
  WORKER_PID=$LAUNCHED_PID
  local t0 v0 left=1 elapsed=0
  t0=$(date +%s.%N)
  v0=$(psql_bench -c "SELECT count(*) FROM image_variants")
  while [ "$left" -gt 0 ] && [ "$elapsed" -lt "$DURATION" ]; do
    sleep 1
    elapsed=$((elapsed + 1))
    left=$(psql_bench -c "SELECT count(*) FROM images WHERE status IN ('queued', 'processing')")
  done
  local t1 v1
  v1=$(psql_bench -c "SELECT count(*) FROM image_variants")
  t1=$(date +%s.%N)
  kill "$WORKER_PID" 2>/dev/null && wait "$WORKER_PID" 2>/dev/null || true
  WORKER_PID=""
  local json
  json=$(psql_bench -c "SELECT json_build_object('queued_at_start', $queued, 'variants', $v1 - $v0,
      'seconds', round(($t1 - $t0)::numeric, 2), 'left', $left,
      'ready', (SELECT count(*) FROM images WHERE status = 'ready'), 'failed', (SELECT count(*) FROM images WHERE status = 'failed'))")
  echo "{\"scale\": \"$scale\", \"kind\": \"image_worker\", \"name\": \"image_worker\", \"worker\": $json}" >>"$WORK/measurements.jsonl"
  log "image_worker: $json"
}

run_scale() {
  local scale=$1
  log "== scale $scale =="
  start_postgres
  start_redis
  start_api
  seed "$scale"
  chat_seed
  psql_bench -c "SELECT pg_stat_statements_reset()" >/dev/null
  # Ceilings and reads first; the writes last, so the reads see the seeded data only.
  wrk_run "$scale" kestrel_plain plain /bench/plain
  pgbench_run "$scale" pgbench_feed feed
  pgbench_run "$scale" pgbench_detail detail
  wrk_run "$scale" feed_anonymous feed_anonymous /
  wrk_run "$scale" feed_authenticated feed_authenticated /
  wrk_run "$scale" post_detail post_detail /
  wrk_run "$scale" post_detail_hot post_detail_hot /
  wrk_run "$scale" feed_deep feed_deep /
  wrk_run "$scale" feed_cursor feed_cursor /
  wrk_run "$scale" search search /
  SEARCH_WORD=friends wrk_run "$scale" search_common search_word /
  SEARCH_WORD=vintage wrk_run "$scale" search_mid search_word /
  SEARCH_WORD=zeppelin wrk_run "$scale" search_rare search_word /
  search_check "$scale"
  wrk_run "$scale" login login /
  login_storm_run "$scale"
  pgbench_run "$scale" pgbench_create_post create_post
  pgbench_run "$scale" pgbench_like like
  pgbench_run "$scale" pgbench_create_comment create_comment
  wrk_run "$scale" create_post create_post /
  wrk_run "$scale" like_toggle like_toggle /
  wrk_run "$scale" create_comment create_comment /
  pgbench_run "$scale" pgbench_dm_send dm_send
  wrk_run "$scale" dm_send dm_send /
  wrk_run "$scale" mixed mixed /
  # The API's memory after this scale's rows (before the image and socket rows, which have their own processes).
  echo "{\"scale\": \"$scale\", \"kind\": \"memory\", \"name\": \"memory\", \"rss_mb\": $(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$API_PID/status")}" \
    >>"$WORK/measurements.jsonl"
  # The statements that cost the most during this scale, for the README's "why" (kept beside the results).
  psql_bench -F $'\t' -c "SELECT calls, round(total_exec_time::numeric, 1) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms,
      left(regexp_replace(query, '\s+', ' ', 'g'), 110) FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 12" \
    >"$WORK/$scale.pg_stat_statements.tsv" || true
  # After the statistics above, which stay about the rows before.
  if [ "$scale" = "$WS_SCALE" ]; then image_rows "$scale"; ws_fanout_run "$scale"; chat_fanout_run "$scale"; fi
  stop_services
  rm -rf "$WORK/pgdata"
}

machine() {
  local cpu mem
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
  mem=$(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo)
  echo "$(nproc) cores ($cpu), $mem RAM, $(uname -sr), $(. /etc/os-release && echo "$PRETTY_NAME"), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), .NET $(dotnet --version)"
}

main() {
  ensure_tools
  local started=$SECONDS
  # Captured before the run writes its results, for the record of what was measured.
  COMMIT=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)
  log "mode: $MODE; scales: $SCALES; warm-up ${WARMUP} s, ${DURATION} s per measurement, $CONNECTIONS connections${ROWS:+; rows: $ROWS}"
  : >"$WORK/measurements.jsonl"
  local load_before
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  build_api
  for scale in $SCALES; do run_scale "$scale"; done
  mkdir -p "$OUT"
  for scale in $SCALES; do cp "$WORK/$scale.pg_stat_statements.tsv" "$OUT/$scale.pg_stat_statements.tsv" 2>/dev/null || true; done
  python3 "$BENCH/report.py" build --work "$WORK" --scales "$SCALES" --out "$OUT" \
    --machine "$(machine)" --mode "$MODE" --warmup "$WARMUP" --duration "$DURATION" \
    --connections "$CONNECTIONS" --load-before "$load_before" --load-after "$(cut -d' ' -f1-3 /proc/loadavg)" \
    --elapsed "$((SECONDS - started))" --commit "$COMMIT"
  log "done in $((SECONDS - started)) s: $OUT/latest.json, $OUT/latest.md"
  cat "$OUT/latest.md"
}

# Sourcing this file (bash -c ". bench/run.sh; ...") gives the functions without running the benchmark.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then main "$@"; fi
