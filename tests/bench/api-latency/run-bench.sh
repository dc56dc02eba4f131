#!/usr/bin/env bash
# The API's read latency while the host works in the background (issue 14): GET the campaigns list
# and one campaign 5 times a second each, idle (the floor), while a large csv validates in the
# background, and while a campaign sends at a configured 1,000 msg/s through the simulator; prints
# p50 / p95 / max of each next to its idle floor and the 200 ms goal. SQLite by default; with
# --mariadb on its own throwaway server (port BENCH_MARIADB_PORT, default 33410).
#   tests/bench/api-latency/run-bench.sh <build-dir> [--mariadb] [rows] [send-entries] [rate]
# The full run validates 1,000,000 rows: run-bench.sh build/release [--mariadb] 1000000 60000
set -euo pipefail
build=$(cd "${1:?build dir (Release)}" && pwd); shift
here=$(cd "$(dirname "$0")" && pwd)
mariadb=0
if [[ ${1:-} == --mariadb ]]; then mariadb=1; shift; fi
export BENCH_ROWS=${1:-100000} BENCH_SEND_ENTRIES=${2:-30000} BENCH_RATE=${3:-1000}
source "$here/../stack-env.sh" "$build"
if [[ $mariadb == 1 ]]; then exec "$here/../with-mariadb.sh" 33410 node "$here/latency-bench.js"; fi
node "$here/latency-bench.js"
