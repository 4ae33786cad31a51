#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for the store tests and print the line that points them at it.
#
#   eval "$(scripts/start_test_postgres.sh)"      # sets COSTDASH_TEST_PG_URL
#   .venv/bin/python -m pytest tests/store -q
#
# Installs the Debian postgresql package when initdb is missing, then runs initdb + pg_ctl in a
# temporary folder as a non-root user (postgres when run as root), listening on 127.0.0.1 on a
# free port with trust authentication and fsync off (test data only). Only the export line goes
# to stdout; progress and the stop command go to stderr.
set -euo pipefail

log() { echo "start_test_postgres: $*" >&2; }

find_bindir() {
    if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir
        return
    fi
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

BINDIR="$(find_bindir)"
if [ -z "$BINDIR" ] || [ ! -x "$BINDIR/initdb" ]; then
    log "installing postgresql (initdb not found)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y postgresql >&2 || { apt-get update >&2 && apt-get install -y postgresql >&2; }
    BINDIR="$(find_bindir)"
fi
[ -x "$BINDIR/initdb" ] || { log "initdb is still missing after installing postgresql"; exit 1; }

free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
        return
    fi
    local port
    for _ in $(seq 50); do
        port=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
    return 1
}

PORT="$(free_port)"
WORKDIR="$(mktemp -d "${TMPDIR:-/tmp}/costdash-pg.XXXXXX")"
DB_USER=costdash
DB_NAME=costdash_test

if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$WORKDIR" --shell /bin/sh postgres
    chown postgres: "$WORKDIR"
    chmod 700 "$WORKDIR"
    as_db_user() { runuser -u postgres -- "$@"; }
else
    as_db_user() { "$@"; }
fi

log "initialising a cluster in $WORKDIR"
as_db_user "$BINDIR/initdb" -D "$WORKDIR/data" -U "$DB_USER" --auth=trust --encoding=UTF8 --no-locale >"$WORKDIR/initdb.log" 2>&1 \
    || { cat "$WORKDIR/initdb.log" >&2; exit 1; }
as_db_user "$BINDIR/pg_ctl" -D "$WORKDIR/data" -l "$WORKDIR/server.log" -w start \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORKDIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2 \
    || { cat "$WORKDIR/server.log" >&2; exit 1; }
as_db_user "$BINDIR/createdb" -h 127.0.0.1 -p "$PORT" -U "$DB_USER" "$DB_NAME"

log "running on 127.0.0.1:$PORT; stop it with: $( [ "$(id -u)" -eq 0 ] && echo 'runuser -u postgres -- ')$BINDIR/pg_ctl -D $WORKDIR/data stop && rm -rf $WORKDIR"
echo "export COSTDASH_TEST_PG_URL=postgresql+psycopg://$DB_USER@127.0.0.1:$PORT/$DB_NAME"
