#!/usr/bin/env bash
# Runs bench_analytics against its own throwaway MariaDB and stops the server afterwards.
#   tests/bench/analytics/run-bench.sh <build-dir> [port]
set -euo pipefail
build=${1:?build dir (Release)}; port=${2:-33407}
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d /tmp/bench-analytics-XXXXXX)
trap '"$here/../../support/mariadb-fixture.sh" stop "$dir"; rm -rf "$dir"' EXIT
"$here/../../support/mariadb-fixture.sh" start "$dir" "$port"
HELPDESK_TEST_MYSQL="host=127.0.0.1;port=$port;db=helpdesk_test;user=root;password=;character-set=utf8mb4" \
  "$build/tests/bench/analytics/bench_analytics" "${@:3}"
