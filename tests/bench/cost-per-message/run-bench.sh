#!/usr/bin/env bash
# What one sent message costs: a campaign sent at a configured 1,000 msg/s against the Cloud API
# simulator (status webhooks sent, delivered and read for 70 %; a ticket per message) on a
# throwaway MariaDB that writes a row-based binary log, and, in the same run, the floor program
# cost_floor doing only the unavoidable writes. Prints CPU-seconds of host + MariaDB per 1,000
# messages, statements and bytes written per message, each next to the floor and the goals.
#   tests/bench/cost-per-message/run-bench.sh <build-dir> [messages] [rate]
# Default 20,000 messages; the full run is `... build/release 100000`. Run it under
# `flock /tmp/bench.lock` on a shared machine. MariaDB port: BENCH_MARIADB_PORT, default 33411.
set -euo pipefail
build=$(cd "${1:?build dir (RelWithDebInfo or Release)}" && pwd); shift
here=$(cd "$(dirname "$0")" && pwd)
export BENCH_MESSAGES=${1:-20000} BENCH_RATE=${2:-1000}
export COST_FLOOR_BIN="$build/tests/bench/cost-per-message/cost_floor"
source "$here/../stack-env.sh" "$build" cost_floor
# A row-based binary log, as on a replicated primary: its bytes are the bytes a message writes.
# BENCH_STATEMENTS=1 also lists the statements that ran most (from the general query log: slower).
export MARIADB_FIXTURE_ARGS="--log-bin=binlog --binlog-format=ROW --server-id=1"
if [[ ${BENCH_STATEMENTS:-0} == 1 ]]; then MARIADB_FIXTURE_ARGS+=" --general-log=1 --general-log-file=general.log"; fi
exec "$here/../with-mariadb.sh" 33411 node "$here/cost-bench.js"
