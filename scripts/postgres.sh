#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks: `start`, `stop`, `env` or `url`.
#
#   bash scripts/postgres.sh start   # install Debian's postgresql if missing (as root), initdb, start; print the URL
#   bash scripts/postgres.sh env     # print `export OPENGOV_TEST_POSTGRES_URL=...` for a running server
#   bash scripts/postgres.sh stop    # stop the server and delete its data directory
#
# The data directory is $OPENGOV_PG_DIR (default /tmp/opengov-postgres). The server listens on a Unix socket
# in that directory only (no TCP port), trusts local connections, and runs as the invoking user -- or, when
# invoked as root (PostgreSQL refuses to run as root), as the system user `postgres`, created if missing.
set -euo pipefail

DIR="${OPENGOV_PG_DIR:-/tmp/opengov-postgres}"
DATA="$DIR/data"
PORT=5432 # names the socket file only: the server opens no TCP port
DB=opengov
USER_NAME=opengov

say() { echo "postgres.sh: $*" >&2; }

bindir() {
    local found
    if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir
        return
    fi
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$found" ] && [ -x "$found/initdb" ]; then
        echo "$found"
    fi
}

install_server() {
    if [ -n "$(bindir)" ]; then
        return
    fi
    if [ "$(id -u)" -ne 0 ]; then
        say "PostgreSQL is not installed and this user cannot install it; install Debian's 'postgresql' package"
        exit 1
    fi
    say "installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
    # Debian's package starts a cluster of its own on port 5432; ours does not need it.
    if command -v pg_ctlcluster >/dev/null 2>&1; then
        for cluster in $(ls /etc/postgresql 2>/dev/null); do
            pg_ctlcluster "$cluster" main stop >/dev/null 2>&1 || true
        done
    fi
}

# Run a server binary as a user PostgreSQL accepts.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

url() {
    echo "postgresql://$USER_NAME@/$DB?host=$DIR&port=$PORT"
}

running() {
    local bin
    bin=$(bindir)
    [ -n "$bin" ] && [ -f "$DATA/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
    install_server
    local bin
    bin=$(bindir)
    if running; then
        url
        return
    fi
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir /var/lib/postgresql --shell /usr/sbin/nologin postgres
    fi
    mkdir -p "$DIR"
    chmod 0755 "$DIR"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres "$DIR"
    fi
    if [ ! -f "$DATA/PG_VERSION" ]; then
        as_owner "$bin/initdb" -D "$DATA" -U "$USER_NAME" --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 ||
            as_owner "$bin/initdb" -D "$DATA" -U "$USER_NAME" --auth=trust -E UTF8 --no-locale >"$DIR/initdb.log" 2>&1 ||
            { cat "$DIR/initdb.log" >&2; exit 1; }
    fi
    as_owner "$bin/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
        -o "-c listen_addresses='' -c unix_socket_directories='$DIR' -c port=$PORT -c max_connections=200 -c fsync=${OPENGOV_PG_FSYNC:-on}" \
        start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
    if ! as_owner "$bin/psql" -h "$DIR" -p "$PORT" -U "$USER_NAME" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
        as_owner "$bin/createdb" -h "$DIR" -p "$PORT" -U "$USER_NAME" "$DB"
    fi
    url
}

stop() {
    local bin
    bin=$(bindir)
    if [ -n "$bin" ] && [ -f "$DATA/PG_VERSION" ]; then
        as_owner "$bin/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$DIR"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
url) url ;;
env)
    if running; then
        echo "export OPENGOV_TEST_POSTGRES_URL='$(url)'"
    else
        say "no server running in $DIR; run: bash scripts/postgres.sh start"
        exit 1
    fi
    ;;
*)
    echo "usage: $0 start|stop|env|url" >&2
    exit 2
    ;;
esac
