#!/bin/sh
# Runs a PostgreSQL server from the machine's binaries for the local infrastructure mode.
# Usage: postgres-local.sh <data-dir> <bin-dir> <database> [extra postgres arguments...]
# postgres refuses to run as root, so a root caller hands over to the postgres user first.
set -eu
data="$1"
bin="$2"
database="$3"
shift 3
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$data"
  chown postgres:postgres "$data"
  exec setpriv --reuid=postgres --regid=postgres --init-groups -- sh "$0" "$data" "$bin" "$database" "$@"
fi
mkdir -p "$data"
chmod 700 "$data"
if [ ! -s "$data/PG_VERSION" ]; then
  "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 >/dev/null
  echo "CREATE DATABASE \"$database\"" | "$bin/postgres" --single -D "$data" postgres >/dev/null
fi
exec "$bin/postgres" -D "$data" -h 127.0.0.1 -k '' "$@"
