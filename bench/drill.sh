#!/usr/bin/env bash
# Sanctum fault drills (bench/drill/README.md). `make drill`. Reuses bench/run.sh (sourced): its own PostgreSQL and
# Redis on free ports in a temporary directory, a Release build of the API, the seed. Starts two API replicas (rate
# limits ON, generous), runs bench/drill (a steady mixed load on both replicas, readiness probes, one notifications
# socket) and, one after another, the drills, each as baseline -> fault -> recovery:
#   redis     Redis SIGKILLed for $DRILL_REDIS_DOWN s, restarted on the same port
#   postgres  PostgreSQL fast shutdown, down $DRILL_PG_DOWN s, started again on the same port
#   pool      PostgreSQL restarted with max_connections=$DRILL_POOL_MAX for $DRILL_POOL_SECONDS s, then restored
#   replica   replica 2 SIGKILLed; $DRILL_REPLICA_DOWN s later started again on its port
# then checks every write against the database (nothing lost, nothing half-applied) and writes bench/out/drills.json
# and drills.md (bench/drill/report.py). DRILL_PUBLISH=1 copies them to bench/results/. Everything it starts is
# stopped on exit.
set -euo pipefail

DRILL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# bench/run.sh's rows: none of its own (no wsfanout/chatfanout build).
export BENCH_ROWS=drill
# shellcheck source=bench/run.sh
. "$DRILL_ROOT/bench/run.sh"

DRILL_OUT="${DRILL_OUT:-$BENCH/out}"
RATE="${DRILL_RATE:-100}"
USERS="${DRILL_USERS:-6}"
BASELINE="${DRILL_BASELINE:-15}"
RECOVERY="${DRILL_RECOVERY:-20}"
DRILL_REDIS_DOWN="${DRILL_REDIS_DOWN:-20}"
DRILL_PG_DOWN="${DRILL_PG_DOWN:-10}"
DRILL_POOL_MAX="${DRILL_POOL_MAX:-4}"
DRILL_POOL_SECONDS="${DRILL_POOL_SECONDS:-20}"
DRILL_REPLICA_DOWN="${DRILL_REPLICA_DOWN:-15}"
# A small dataset: the drills judge behaviour, not speed.
SCALE_POSTS[drill]="${DRILL_POSTS:-2000}"
SCALE_USERS[drill]="${DRILL_SEED_USERS:-500}"
PG_MAX_CONNECTIONS=300

LOAD_PID=""
dlog() { printf '[drill %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

drill_cleanup() {
  local rc=$?
  # errexit off: a failing command in here must not end the trap before everything is stopped.
  set +e
  [ -n "$LOAD_PID" ] && kill "$LOAD_PID" 2>/dev/null && wait "$LOAD_PID" 2>/dev/null || true
  LOAD_PID=""
  # bench/run.sh's cleanup stops PostgreSQL, Redis and the replicas it knows by PID (API_PID, API2_PID); it reads $?.
  (exit "$rc")
  cleanup
}
trap drill_cleanup EXIT

# PostgreSQL on the same port and data directory, so the replicas' connection strings stay valid.
pg_start_again() {
  local max_connections=$1
  "${AS_POSTGRES[@]}" "$PGBIN/postgres" -D "$WORK/pgdata" -h 127.0.0.1 -p "$PG_PORT" -k '' \
    -c max_connections="$max_connections" -c superuser_reserved_connections=0 -c shared_buffers=256MB \
    -c synchronous_commit=off >>"$WORK/postgres.log" 2>&1 &
  PG_PID=$!
  for _ in $(seq 1 60); do
    "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && return 0
    sleep 0.25
  done
  die "postgres did not come back"
}
pg_stop() { kill -INT "$PG_PID" 2>/dev/null; wait "$PG_PID" 2>/dev/null || true; PG_PID=""; }

# A replica on a fixed port with rate limits ON and every limit generous (one client address, 127.0.0.1, carries all
# the load): the limits never trip, but each policy's Redis failure decision (fail-open or 503) is what runs.
launch_replica() {
  local name=$1 port=$2 logfile="$WORK/$1.log"
  local limits=() policy
  for policy in signup login search create_post create_comment friend_request send_chat typing report admin_read admin_write login_account; do
    limits+=("RateLimits__Policies__${policy}__Limit=1000000")
  done
  (
    cd "$WORK/api"
    exec env ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production \
      RateLimits__Enabled=true RateLimits__Global__Limit=100000000 "${limits[@]}" \
      Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.AspNetCore=Warning \
      "ConnectionStrings__db=Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=bench" \
      "ConnectionStrings__cache=127.0.0.1:$REDIS_PORT" \
      "Jwt__SigningKey=$JWT_KEY" \
      dotnet Sanctum.Api.dll --urls "http://127.0.0.1:$port"
  ) >>"$logfile" 2>&1 &
  LAUNCHED_PID=$!
  local deadline=$((SECONDS + 90))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready" 2>/dev/null)" = "200" ]; do
    kill -0 "$LAUNCHED_PID" 2>/dev/null || die "replica $name exited: $(tail -20 "$logfile")"
    [ $SECONDS -lt $deadline ] || die "replica $name not ready after 90 s: $(tail -20 "$logfile")"
    sleep 0.25
  done
}

# phase <drill> <phase>: the Unix time in ms at which a phase starts, for report.py.
phase() { echo "$(date +%s%3N) $1 $2" >>"$WORK/phases.txt"; dlog "$1: $2"; }

drill_redis() {
  phase redis baseline; sleep "$BASELINE"
  phase redis fault; kill -KILL "$REDIS_PID"; wait "$REDIS_PID" 2>/dev/null || true; REDIS_PID=""
  sleep "$DRILL_REDIS_DOWN"
  start_redis "$REDIS_PORT"
  phase redis recovery; sleep "$RECOVERY"
}

drill_postgres() {
  phase postgres baseline; sleep "$BASELINE"
  phase postgres fault; pg_stop
  sleep "$DRILL_PG_DOWN"
  pg_start_again "$PG_MAX_CONNECTIONS"
  phase postgres recovery; sleep "$RECOVERY"
}

drill_pool() {
  phase pool baseline; sleep "$BASELINE"
  # The restart itself is a short outage (drill postgres); the fault phase starts once the small server is up.
  phase pool restart; pg_stop; pg_start_again "$DRILL_POOL_MAX"
  phase pool fault; sleep "$DRILL_POOL_SECONDS"
  pg_stop; pg_start_again "$PG_MAX_CONNECTIONS"
  phase pool recovery; sleep "$RECOVERY"
}

drill_replica() {
  phase replica baseline; sleep "$BASELINE"
  phase replica fault; kill -KILL "$API2_PID"; wait "$API2_PID" 2>/dev/null || true; API2_PID=""
  sleep "$DRILL_REPLICA_DOWN"
  launch_replica api2 "$API2_PORT"; API2_PID=$LAUNCHED_PID
  phase replica recovery; sleep "$RECOVERY"
}

drill_main() {
  ensure_tools
  local started=$SECONDS
  COMMIT=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)
  build_api
  dlog "dotnet publish bench/drill -c Release"
  dotnet publish "$BENCH/drill/Drill.csproj" -c Release -o "$WORK/drill" --nologo -v q >>"$WORK/build.log" 2>&1 \
    || { tail -30 "$WORK/build.log" >&2; die "build of bench/drill failed"; }
  start_postgres
  start_redis
  API1_PORT=$(free_port); API2_PORT=$(free_port)
  launch_replica api1 "$API1_PORT"; API="http://127.0.0.1:$API1_PORT" API_PID=$LAUNCHED_PID
  launch_replica api2 "$API2_PORT"; API2="http://127.0.0.1:$API2_PORT" API2_PID=$LAUNCHED_PID
  seed drill
  : >"$WORK/phases.txt"
  local tool_out="$WORK/load"
  dotnet "$WORK/drill/Drill.dll" --api "$API,$API2" --password "$PASSWORD" --users "$USERS" --sanctum-ids "$SANCTUM_IDS" \
    --max-post-id "$MAX_POST_ID" --rate "$RATE" --out "$tool_out" --stop-file "$WORK/stop" --socket-replica 1 \
    2>"$WORK/load.log" &
  LOAD_PID=$!
  for _ in $(seq 1 120); do [ -f "$tool_out/started" ] && break; kill -0 "$LOAD_PID" || die "load tool exited: $(tail -5 "$WORK/load.log")"; sleep 0.5; done
  [ -f "$tool_out/started" ] || die "load tool did not start: $(tail -5 "$WORK/load.log")"
  dlog "load: $RATE req/s on $API and $API2 ($USERS users)"
  # Not judged: the replicas' first seconds under load (JIT, pools filling) are slow enough to time Redis out.
  phase warmup warmup; sleep "${DRILL_WARMUP:-10}"
  drill_redis
  drill_postgres
  drill_pool
  drill_replica
  phase end end
  touch "$WORK/stop"
  wait "$LOAD_PID" || die "load tool failed: $(tail -5 "$WORK/load.log")"
  LOAD_PID=""
  dlog "checking every write against the database"
  check_writes "$tool_out/requests.csv"
  mkdir -p "$DRILL_OUT"
  python3 "$BENCH/drill/report.py" --requests "$tool_out/requests.csv" --phases "$WORK/phases.txt" \
    --db-check "$WORK/db_check.json" --tool "$tool_out/tool.json" --out "$DRILL_OUT" \
    --machine "$(machine)" --commit "$COMMIT" --elapsed "$((SECONDS - started))" --rate "$RATE" \
    --settings "redis_down_s=$DRILL_REDIS_DOWN,pg_down_s=$DRILL_PG_DOWN,pool_max_connections=$DRILL_POOL_MAX,pool_s=$DRILL_POOL_SECONDS,replica_down_s=$DRILL_REPLICA_DOWN,baseline_s=$BASELINE,recovery_s=$RECOVERY"
  cp "$WORK"/api1.log "$WORK"/api2.log "$DRILL_OUT/" 2>/dev/null || true
  if [ -n "${DRILL_PUBLISH:-}" ]; then
    mkdir -p "$BENCH/results"
    cp "$DRILL_OUT/drills.json" "$DRILL_OUT/drills.md" "$BENCH/results/"
  fi
  dlog "done in $((SECONDS - started)) s: $DRILL_OUT/drills.json, $DRILL_OUT/drills.md"
  cat "$DRILL_OUT/drills.md"
  python3 -c "import json,sys; sys.exit(0 if json.load(open('$DRILL_OUT/drills.json'))['passed'] else 1)" \
    || die "a drill failed (see $DRILL_OUT/drills.md)"
}

# check_writes <requests.csv>: loads the tool's record into the database and compares (bench/drill/check.sql).
check_writes() {
  python3 "$BENCH/drill/report.py" writes --requests "$1" --out "$WORK/writes.csv"
  psql_bench -c "CREATE TABLE drill_writes (t_ms bigint, op text, status int, id bigint, marker text, user_no int, post_id bigint, liked boolean)" \
    -c "\\copy drill_writes FROM '$WORK/writes.csv' WITH (FORMAT csv, HEADER true)"
  psql_bench -f "$BENCH/drill/check.sql" >"$WORK/db_check.json"
}

drill_main "$@"
