#!/usr/bin/env bash
# Runs every test of the workspace: THE test command, locally and in CI.
#
#   scripts/test.sh                 # all tests
#   scripts/test.sh postgres        # extra arguments go to `cargo test`
#   scripts/test.sh -- --nocapture
#   scripts/test.sh --run CMD...    # run CMD with the server instead
#
# Tests that need PostgreSQL read MIGRATE_TEST_POSTGRES_URL. When it is set,
# that server is used. Otherwise this script starts a throwaway server on a
# free loopback port (installing Debian's `postgresql` package first when no
# PostgreSQL is found and we are root), and always stops it and removes its
# files on exit. Under CI=true, not getting a server is an error (the tests
# would fail anyway: they never skip in CI).
#
# To add a test step, add it to `run_tests` below.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf 'test.sh: %s\n' "$*" >&2; }

in_ci() { [[ "${CI:-}" == "true" || "${CI:-}" == "1" ]]; }

# Every test step. Arguments are passed through to `cargo test`;
# `--run CMD...` runs CMD with the server instead (scripts/bench.sh uses it).
run_tests() {
    if [[ "${1:-}" == "--run" ]]; then
        shift
        "$@"
        return
    fi
    cargo test --workspace "$@"
}

# --- PostgreSQL provisioning -------------------------------------------------

PG_TMP=""
PG_BIN=""
PG_USER_CMD=()

# The bin directory of the newest PostgreSQL (initdb and postgres; the
# server runs in the foreground as our child, so pg_ctl is not needed).
find_pg_bin() {
    local dir best=""
    for dir in /usr/lib/postgresql/*/bin; do
        [[ -x "$dir/initdb" && -x "$dir/postgres" ]] || continue
        best="$(printf '%s\n%s\n' "$best" "$dir" | sed '/^$/d' | sort -V | tail -n 1)"
    done
    if [[ -z "$best" ]] && command -v pg_config >/dev/null 2>&1; then
        dir="$(pg_config --bindir 2>/dev/null || true)"
        [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/postgres" ]] && best="$dir"
    fi
    if [[ -z "$best" ]] && command -v initdb >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1; then
        best="$(dirname "$(command -v initdb)")"
    fi
    PG_BIN="$best"
    [[ -n "$PG_BIN" ]]
}

install_pg() {
    if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        log "no PostgreSQL found, and cannot install it (needs root and apt-get)"
        return 1
    fi
    log "no PostgreSQL found; installing Debian's postgresql package"
    # We start our own throwaway server: do not let the package create and
    # start a system-wide "main" cluster (postgresql-common reads this file;
    # the options below keep it when the package installs its own).
    if [[ ! -e /etc/postgresql-common/createcluster.conf ]]; then
        mkdir -p /etc/postgresql-common
        echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.conf
    fi
    local apt=(apt-get install -y --no-install-recommends
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold postgresql)
    export DEBIAN_FRONTEND=noninteractive UCF_FORCE_CONFFOLD=1
    if ! "${apt[@]}" >&2; then
        log "install failed; running apt-get update and trying again"
        apt-get update >&2 && "${apt[@]}" >&2
    fi
}

free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
        return
    fi
    local port
    for _ in $(seq 1 100); do
        port=$((20000 + RANDOM % 30000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    return 1
}

# Runs a PostgreSQL program as the server's owner (the server refuses root).
as_pg() {
    (cd "$PG_TMP" && "${PG_USER_CMD[@]}" "$@")
}

PG_PID=""

# Stops the server: a fast shutdown, then harder.
kill_pg() {
    if [[ -n "$PG_PID" ]] && kill -0 "$PG_PID" 2>/dev/null; then
        local postmaster sig
        postmaster="$(head -n 1 "$PG_TMP/data/postmaster.pid" 2>/dev/null || true)"
        for sig in INT QUIT KILL; do
            if [[ -n "$postmaster" ]]; then
                kill "-$sig" "$postmaster" 2>/dev/null || true
            else
                kill "-$sig" "$PG_PID" 2>/dev/null || true
            fi
            for _ in $(seq 1 50); do
                kill -0 "$PG_PID" 2>/dev/null || break 2
                sleep 0.1
            done
        done
    fi
    [[ -z "$PG_PID" ]] || wait "$PG_PID" 2>/dev/null || true
    PG_PID=""
}

# Stops the server and removes its files (the EXIT trap).
stop_pg() {
    kill_pg
    if [[ -n "$PG_TMP" && -d "$PG_TMP" ]]; then
        rm -rf "$PG_TMP"
    fi
}

# Whether the server answers on its socket.
pg_ready() {
    local port="$1"
    if [[ -x "$PG_BIN/pg_isready" ]]; then
        "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
    fi
}

start_pg() {
    find_pg_bin || { install_pg && find_pg_bin; } || return 1
    log "using PostgreSQL from $PG_BIN"
    # Under /tmp: reachable by the postgres user, and short enough for the
    # Unix socket path.
    PG_TMP="$(mktemp -d /tmp/migrate-pg.XXXXXX)"
    trap stop_pg EXIT
    if [[ "$(id -u)" == 0 ]]; then
        id postgres >/dev/null 2>&1 ||
            useradd --system --no-create-home --shell /usr/sbin/nologin postgres
        chown postgres: "$PG_TMP"
        if command -v runuser >/dev/null 2>&1; then
            PG_USER_CMD=(runuser -u postgres --)
        else
            PG_USER_CMD=(su postgres -s /bin/sh -c '"$0" "$@"')
        fi
    else
        PG_USER_CMD=(env)
    fi
    as_pg "$PG_BIN/initdb" -D "$PG_TMP/data" --auth=trust -U postgres -E UTF8 \
        --no-locale --no-sync >"$PG_TMP/initdb.log" 2>&1 || {
        cat "$PG_TMP/initdb.log" >&2
        return 1
    }
    # One role must give its password, so that the CLI tests can check what
    # a wrong password says; everyone else is trusted.
    local hba="$PG_TMP/data/pg_hba.conf"
    { echo "host all migrate_password_user 127.0.0.1/32 scram-sha-256"; cat "$hba"; } >"$hba.new"
    mv "$hba.new" "$hba"
    chown --reference="$PG_TMP/data/postgresql.conf" "$hba" 2>/dev/null || true
    local port attempt
    for attempt in 1 2 3; do
        port="$(free_port)"
        # The server runs as a child of this script (not daemonized through
        # pg_ctl), so that it is reaped here when it stops.
        as_pg "$PG_BIN/postgres" -D "$PG_TMP/data" -c listen_addresses=127.0.0.1 \
            -p "$port" -k "$PG_TMP" -c fsync=off -c synchronous_commit=off \
            -c full_page_writes=off -c max_connections=200 \
            >>"$PG_TMP/server.log" 2>&1 &
        PG_PID=$!
        for _ in $(seq 1 600); do
            kill -0 "$PG_PID" 2>/dev/null || break
            if pg_ready "$port"; then
                export MIGRATE_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
                log "PostgreSQL running at $MIGRATE_TEST_POSTGRES_URL (files in $PG_TMP)"
                return 0
            fi
            sleep 0.1
        done
        log "server did not start on port $port (attempt $attempt)"
        tail -n 20 "$PG_TMP/server.log" >&2 || true
        kill_pg
    done
    return 1
}

# A signal while provisioning: exit, which runs the EXIT trap (stop_pg).
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ -n "${MIGRATE_TEST_POSTGRES_URL:-}" ]]; then
    log "using the PostgreSQL server given by MIGRATE_TEST_POSTGRES_URL"
elif ! start_pg; then
    if in_ci; then
        log "error: could not provision PostgreSQL, which CI requires"
        exit 1
    fi
    log "warning: no PostgreSQL; the tests that need it will be skipped"
fi

# The tests run in a process group of their own, waited for in a way that
# a signal interrupts: INT or TERM stops them at once, then the EXIT trap
# stops the server.
status=0
set -m
run_tests "$@" &
tests_pid=$!
set +m
on_signal() {
    kill -TERM -- "-$tests_pid" 2>/dev/null || true
    wait "$tests_pid" 2>/dev/null || true
    exit "$1"
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
wait "$tests_pid" || status=$?
exit "$status"
