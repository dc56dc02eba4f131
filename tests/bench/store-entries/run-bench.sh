#!/usr/bin/env bash
# Runs bench_store_entries against its own throwaway MariaDB (files and server under
# <build-dir>/bench-store-entries) and stops the server afterwards, even on failure.
#   tests/bench/store-entries/run-bench.sh <build-dir> [port]
set -euo pipefail
build=$(cd "${1:?build dir (Release)}" && pwd); port=${2:-33406}
here=$(cd "$(dirname "$0")" && pwd)
fixture="$here/../../support/mariadb-fixture.sh"
dir="$build/bench-store-entries"
mkdir -p "$dir"
trap '"$fixture" stop "$dir/mariadb"; rm -rf "$dir"' EXIT
"$fixture" start "$dir/mariadb" "$port"
BENCH_MARIADB_PID=$(cat "$dir/mariadb/mysqld.pid") HELPDESK_TEST_MYSQL="host=127.0.0.1;port=$port;db=helpdesk_test;user=root;password=;character-set=utf8mb4" \
  "$build/tests/bench/store-entries/bench_store_entries" "$dir/work"
