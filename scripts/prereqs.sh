#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks: the PostgreSQL server binaries and redis-server.
# `make test` always runs them as local processes (throwaway instances, container engine or not);
# `make run` uses them when no container engine answers.
# Also kubectl (Debian's kubernetes-client), which only the tests use: they render deploy/ with `kubectl kustomize`.
# It is installed here anyway so that a fresh machine has one prerequisites path for `make run`, `make test` and CI.
set -euo pipefail

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required: https://dot.net (dotnet not found on PATH)." >&2
  exit 1
fi

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  # The Debian package starts its own servers; Sanctum runs its own instances, so stop those.
  if command -v service >/dev/null 2>&1; then
    service redis-server stop >/dev/null 2>&1 || true
    service postgresql stop >/dev/null 2>&1 || true
  fi
else
  echo "Sanctum needs: ${missing[*]}. Install them, e.g.: sudo apt-get install -y ${missing[*]}" >&2
  echo "(Or run with a container engine and Infra__Mode=containers.)" >&2
  exit 1
fi
