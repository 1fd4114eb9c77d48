#!/usr/bin/env bash
# A throwaway PostgreSQL server for sitrep's store tests: `start` (idempotent) prints its URL, `stop` ends it.
# Installs Debian's postgresql when its binaries are missing. The data directory lives under the system
# temp dir (owned by the postgres user, which the server requires when we are root), port 54329, trust
# authentication on 127.0.0.1 only: for tests, never for data.
set -euo pipefail
PORT="${SITREP_TEST_PG_PORT:-54329}"
DATA="${TMPDIR:-/tmp}/sitrep-test-pg-$PORT"
URL="postgresql+psycopg://sitrep@127.0.0.1:$PORT/postgres"

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

as_owner() {  # run a command as the server's owner (postgres when we are root)
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install() {
    [ -n "$(bindir)" ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing Debian's postgresql for the store tests..." >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null 2>&1 ||
            { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null; }
    fi
    [ -n "$(bindir)" ] || { echo "postgresql is not installed and cannot be installed here" >&2; return 1; }
}

start() {
    install
    local bin; bin="$(bindir)"
    if [ ! -f "$DATA/PG_VERSION" ]; then
        mkdir -p "$DATA"
        [ "$(id -u)" = 0 ] && chown postgres: "$DATA"
        chmod 700 "$DATA"
        as_owner "$bin/initdb" -D "$DATA" -U sitrep -A trust -E UTF8 --no-locale >/dev/null
    fi
    if ! as_owner "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
        as_owner "$bin/pg_ctl" -D "$DATA" -w -l "$DATA/server.log" \
            -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
    fi
    echo "$URL"
}

stop() {
    local bin; bin="$(bindir)"
    [ -n "$bin" ] && [ -f "$DATA/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$DATA" -m fast stop >/dev/null || true
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    url) echo "$URL" ;;
    *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
