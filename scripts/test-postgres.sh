#!/usr/bin/env bash
# A throwaway PostgreSQL server for the results-store tests and benchmark: its own cluster in a temp dir, listening
# only on 127.0.0.1 (a free port) and on a unix socket inside that dir, password auth over TCP.
#
#   eval "$(scripts/test-postgres.sh start)"          # prints export INVIGIL_TEST_PG_URL=… and INVIGIL_TEST_PG_DIR=…
#   npx vitest run electron/core/results test/resultsCli.test.ts
#   scripts/test-postgres.sh stop "$INVIGIL_TEST_PG_DIR"
#
# Needs initdb/pg_ctl (PATH or /usr/lib/postgresql/*/bin); when missing and running as root with apt-get, installs the
# `postgresql` package. initdb refuses to run as root, so as root the cluster belongs to the `postgres` user.
set -euo pipefail

log() { echo "test-postgres: $*" >&2; }

find_bindir() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; fi
}

install_postgres() {
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    log "PostgreSQL server binaries (initdb, pg_ctl) not found; install the postgresql package"
    exit 1
  fi
  log "installing postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
}

# Runs a PostgreSQL binary as the cluster owner: ourselves, or `postgres` when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    if command -v runuser >/dev/null 2>&1; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
  else
    "$@"
  fi
}

free_port() {
  node -e 'const s = require("node:net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close() })'
}

start() {
  local bindir
  bindir=$(find_bindir)
  if [ -z "$bindir" ]; then
    install_postgres
    bindir=$(find_bindir)
  fi
  [ -n "$bindir" ] || { log "no initdb after installing postgresql"; exit 1; }

  local dir port password
  dir=$(mktemp -d "${TMPDIR:-/tmp}/invigil-pg.XXXXXX")
  password=$(node -e 'console.log(require("node:crypto").randomBytes(18).toString("base64url"))')
  printf '%s\n' "$password" >"$dir/pwfile"
  mkdir -p "$dir/socket"
  chmod 755 "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    # The package creates this user; binaries installed some other way may come without it.
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    chown -R postgres: "$dir"
  fi

  as_owner "$bindir/initdb" -D "$dir/data" -U invigil --pwfile="$dir/pwfile" --auth-host=scram-sha-256 --auth-local=trust \
    --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  rm -f "$dir/pwfile"

  # A port can be taken between choosing and binding it: try a few.
  local attempt
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/socket" \
      start >/dev/null; then
      break
    fi
    log "start on port $port failed (attempt $attempt)"
    port=""
  done
  [ -n "$port" ] || { cat "$dir/server.log" >&2; exit 1; }

  as_owner "$bindir/createdb" -h "$dir/socket" -p "$port" -U invigil invigil_test
  echo "$bindir" >"$dir/bindir"
  log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (cluster $dir)"
  echo "export INVIGIL_TEST_PG_URL='postgres://invigil:$password@127.0.0.1:$port/invigil_test'"
  echo "export INVIGIL_TEST_PG_DIR='$dir'"
}

stop() {
  local dir=${1:-${INVIGIL_TEST_PG_DIR:-}}
  [ -n "$dir" ] && [ -f "$dir/bindir" ] || { log "usage: $0 stop DIR (the INVIGIL_TEST_PG_DIR that start printed)"; exit 2; }
  as_owner "$(cat "$dir/bindir")/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || log "pg_ctl stop failed; removing the cluster anyway"
  rm -rf "$dir"
  log "stopped and removed $dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac
