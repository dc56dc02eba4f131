#!/usr/bin/env bash
# Runs one command against its own throwaway MariaDB and stops the server afterwards, even when the
# command fails: the one way every benchmark of tests/bench gets a MariaDB. The command sees
#   HELPDESK_TEST_MYSQL          the Poco connector string (the C++ benches read it)
#   HELPDESK_TEST_MARIADB_PORT   the port (the JS benches build their own database on it)
#   BENCH_MARIADB_PIDFILE / BENCH_MARIADB_PID   the server's pid (for the CPU it used)
# The port is BENCH_MARIADB_PORT when set (two benches at once need two ports), else the default
# the caller gives; the server's output is shown only when it fails to start (port taken, say).
#   tests/bench/with-mariadb.sh <default-port> <command> [args...]
set -euo pipefail
port=${BENCH_MARIADB_PORT:-${1:?default port}}; shift
fixture="$(cd "$(dirname "$0")/../support" && pwd)/mariadb-fixture.sh"
dir=$(mktemp -d /tmp/bench-mariadb-XXXXXX)
trap '"$fixture" stop "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
out=$("$fixture" start "$dir" "$port" 2>&1) || { echo "$out" >&2; exit 1; }
export HELPDESK_TEST_MYSQL="host=127.0.0.1;port=$port;db=helpdesk_test;user=root;password=;character-set=utf8mb4"
export HELPDESK_TEST_MARIADB_PORT=$port BENCH_MARIADB_PIDFILE="$dir/mysqld.pid"
BENCH_MARIADB_PID=$(cat "$dir/mysqld.pid")
export BENCH_MARIADB_PID
"$@"
