#!/usr/bin/env bash
# Runs bench_analytics against its own throwaway MariaDB (port BENCH_MARIADB_PORT, default 33407).
#   tests/bench/analytics/run-bench.sh <build-dir> [bench args...]
set -euo pipefail
build=$(cd "${1:?build dir (Release)}" && pwd); shift
here=$(cd "$(dirname "$0")" && pwd)
"$here/../with-mariadb.sh" 33407 "$build/tests/bench/analytics/bench_analytics" "$@"
