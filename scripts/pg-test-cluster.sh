#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: 127.0.0.1 only, a free port, everything under one
# temporary folder, password authentication (scram-sha-256) so the tests exercise a real login.
#
#   eval "$(scripts/pg-test-cluster.sh start)"   # exports TKGQA_TEST_POSTGRES_URL, PGPASSFILE, TKGQA_PG_DIR
#   swift test
#   scripts/pg-test-cluster.sh stop "$TKGQA_PG_DIR"
#
# The password is random and sits only in a 0600 .pgpass-style file (PGPASSFILE), never in the URL.
# As root, initdb and postgres refuse to run: they run as the `postgres` user (made by Debian's
# package) or, failing that, a system user `tkgqa-pg` created here. Progress goes to stderr; only the
# export lines go to stdout.
set -euo pipefail

log() { echo "pg-test-cluster: $*" >&2; }

bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return; }
  done
  if command -v initdb >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v initdb)")"; return; fi
  log "no initdb found; install PostgreSQL (apt-get install -y postgresql)"
  exit 1
}

# Runs a command as the server's user (root cannot run initdb or postgres).
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$OWNER" -- "$@"; else "$@"; fi
}

free_port() {
  local port tries=0
  while [ $tries -lt 200 ]; do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    tries=$((tries + 1))
  done
  log "no free port found"; exit 1
}

start() {
  local bin dir port password
  bin=$(bindir)
  OWNER=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    if id postgres >/dev/null 2>&1; then OWNER=postgres
    else
      id tkgqa-pg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin tkgqa-pg
      OWNER=tkgqa-pg
    fi
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/tkgqa-pg.XXXXXX")
  chmod 755 "$dir"
  mkdir "$dir/server"
  [ "$(id -u)" = 0 ] && chown "$OWNER" "$dir/server"
  password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$password" > "$dir/server/pwfile"
  [ "$(id -u)" = 0 ] && chown "$OWNER" "$dir/server/pwfile"
  chmod 600 "$dir/server/pwfile"

  as_owner "$bin/initdb" -D "$dir/server/data" -U tkgqa --pwfile="$dir/server/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; log "initdb failed"; exit 1; }
  rm -f "$dir/server/pwfile"

  port=$(free_port)
  # fsync off: a test server loses nothing worth keeping in a crash, and writes get much faster.
  as_owner "$bin/pg_ctl" -D "$dir/server/data" -l "$dir/server/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir/server -c fsync=off -c max_connections=200" \
    start >&2 || { cat "$dir/server/server.log" >&2 || true; log "pg_ctl start failed"; exit 1; }

  umask 077
  printf '127.0.0.1:%s:*:tkgqa:%s\n' "$port" "$password" > "$dir/pgpass"
  chmod 600 "$dir/pgpass"
  echo "$OWNER" > "$dir/owner"
  log "$("$bin/postgres" --version) on 127.0.0.1:$port (data under $dir)"
  echo "export TKGQA_TEST_POSTGRES_URL='postgres://tkgqa@127.0.0.1:$port/postgres'"
  echo "export PGPASSFILE='$dir/pgpass'"
  echo "export TKGQA_PG_DIR='$dir'"
}

stop() {
  local dir=${1:-${TKGQA_PG_DIR:-}}
  [ -n "$dir" ] && [ -d "$dir" ] || { log "stop: no cluster folder given"; return 0; }
  case "$dir" in */tkgqa-pg.*) ;; *) log "stop: $dir is not a folder this script made"; exit 1 ;; esac
  OWNER=$(cat "$dir/owner" 2>/dev/null || id -un)
  if [ -f "$dir/server/data/postmaster.pid" ]; then
    as_owner "$(bindir)/pg_ctl" -D "$dir/server/data" -m fast -w -t 30 stop >&2 || log "pg_ctl stop failed"
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 64 ;;
esac
