#!/usr/bin/env bash
# Sends a 100,000-entry campaign through the reference host at a configured 1,000 msg/s against
# the Cloud API simulator (which posts status webhooks back the whole time) and prints the
# achieved rate next to the configured one, the time to Completada against the 110 s budget, how
# far webhook processing lagged, and the CPU each process used. SQLite by default; with --mariadb
# on its own throwaway server.
#   tests/bench/send-campaign/run-bench.sh <build-dir> [--mariadb] [entries] [rate]
set -euo pipefail
build=$(cd "${1:?build dir (Release)}" && pwd); shift
here=$(cd "$(dirname "$0")" && pwd)
mariadb=0
if [[ ${1:-} == --mariadb ]]; then mariadb=1; shift; fi
export BENCH_ENTRIES=${1:-100000} BENCH_RATE=${2:-1000}
source "$here/../stack-env.sh" "$build"
# On MariaDB: its own throwaway server (port BENCH_MARIADB_PORT, default 33408).
if [[ $mariadb == 1 ]]; then exec "$here/../with-mariadb.sh" 33408 node "$here/send-bench.js"; fi
node "$here/send-bench.js"
