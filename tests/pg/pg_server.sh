#!/usr/bin/env bash
# A PostgreSQL 15 server of the test suite's own, for the PostgreSQL journal store's tests
# (tests/pg): initdb into DIR, listening only on a Unix socket in DIR (no TCP), run by an
# unprivileged user — `nobody` when run as root (CI on a fresh Debian 12), else the caller.
#
#   tests/pg/pg_server.sh start DIR   initdb into DIR (wiped first) and start; prints the URI
#   tests/pg/pg_server.sh stop DIR    stop (fast) and remove DIR
#
# Tests reach it at postgresql:///postgres?host=DIR (the socket directory) as the cluster's
# superuser, named after the user running it.
set -euo pipefail

BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi
if [ ! -x "$BIN/postgres" ]; then
  echo "pg_server: no PostgreSQL 15 server in $BIN: install postgresql-15 (scripts/install-deps.sh)" >&2
  exit 1
fi

# As root, the server runs as nobody (initdb and postgres refuse root); else as the caller.
as_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    # Always a fresh cluster: one left by an interrupted run is stopped and wiped first.
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_user "$BIN/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown nobody "$dir"; fi
    chmod 700 "$dir"
    # The superuser is named muster whoever runs it, so the tests' URI names it. --no-sync: the
    # cluster's files are scratch; the server itself runs with fsync on.
    as_user "$BIN/initdb" -D "$dir/data" -U muster --auth=trust --no-sync -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    # listen_addresses='': the Unix socket in DIR only. fsync stays on: the durability the
    # tests check is the server's real one.
    as_user "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c max_connections=40 -c shared_buffers=16MB" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql:///postgres?host=$dir&user=muster"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_user "$BIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
