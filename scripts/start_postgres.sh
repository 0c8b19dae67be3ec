#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the store's contract tests.
#
#   scripts/start_postgres.sh CMD [ARGS...]   start a cluster, run CMD with GHATNA_TEST_POSTGRES_URL set,
#                                             stop and delete the cluster, exit with CMD's status
#   scripts/start_postgres.sh                 start one and print the export line and how to stop it
#
# Installs PostgreSQL from Debian packages when no server binaries are found (needs root or sudo;
# runs 'apt-get update' first). The cluster lives in a temporary directory, listens on 127.0.0.1
# on a free port, trusts local connections, uses the C locale, and runs as a non-root user
# ('postgres' when started as root, since the server refuses to run as root).
set -euo pipefail

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

BIN="$(find_bin || true)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || { echo "start_postgres.sh: install the 'postgresql' package (needs root)" >&2; exit 1; }
        SUDO="sudo"
    fi
    echo "installing PostgreSQL from Debian packages (once)..." >&2
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    BIN="$(find_bin)"
fi

DIR="$(mktemp -d "${TMPDIR:-/tmp}/ghatna-pg.XXXXXX")"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
RUN=()
if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$DIR" --shell /bin/false postgres
    chown postgres "$DIR"
    RUN=(runuser -u postgres --)
fi

"${RUN[@]}" "$BIN/initdb" -D "$DIR/data" -U ghatna --auth=trust --locale=C --encoding=UTF8 >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; exit 1; }
# fsync off: a test cluster that is thrown away needs no durability, and runs much faster without it
"${RUN[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
    -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
"${RUN[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U ghatna ghatna_test
URL="postgresql://ghatna@127.0.0.1:$PORT/ghatna_test"
STOP="${RUN[*]} $BIN/pg_ctl -D $DIR/data -m fast stop; rm -rf $DIR"

if [ "$#" -eq 0 ]; then
    echo "export GHATNA_TEST_POSTGRES_URL=$URL"
    echo "# stop with: $STOP" >&2
    exit 0
fi
trap 'eval "$STOP" >/dev/null 2>&1 || true' EXIT
GHATNA_TEST_POSTGRES_URL="$URL" "$@"
