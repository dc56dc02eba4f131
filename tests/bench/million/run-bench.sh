#!/usr/bin/env bash
# One campaign from upload to Completada on MariaDB (issue 14): an xlsx of <rows> rows uploaded,
# validated and created through the API the browser uses, then sent at a configured <rate> msg/s
# through the Cloud API simulator with its status webhooks and a ticket per message. Prints the
# time to Completada next to its floor (reading the sheet + rows / rate), the host's RSS over time,
# the database size per message, the webhook backlog at the end, and the latency of the list and
# the analytics while sending. Runs on its own throwaway MariaDB (port BENCH_MARIADB_PORT, default
# 33413). Sends for rows / rate seconds: run it under the shared lock.
#   tests/bench/million/run-bench.sh <build-dir> [rows] [rate]
# The full run (about 20 minutes):
#   flock /tmp/bench.lock tests/bench/million/run-bench.sh build/ci 1000000
set -euo pipefail
build=$(cd "${1:?build dir}" && pwd); shift
here=$(cd "$(dirname "$0")" && pwd)
export BENCH_ROWS=${1:-20000} BENCH_RATE=${2:-1000}
export MILLION_SHEET_BIN="$build/tests/bench/million/bench_million_sheet"
source "$here/../stack-env.sh" "$build" bench_million_sheet
exec "$here/../with-mariadb.sh" 33413 node "$here/million-bench.js"
