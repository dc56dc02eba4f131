#!/usr/bin/env bash
# One campaign from upload to Completada on MariaDB (issue 14): an xlsx of <rows> rows uploaded,
# validated and created through the API the browser uses, then sent at a configured <rate> msg/s
# through the Cloud API simulator with its status webhooks and a ticket per message. Prints the
# time to Completada next to its floor (reading the sheet + rows / rate), the host's RSS over time,
# the database size per message, the webhook backlog at the end, and the latency of the list and
# the analytics while sending. Runs on its own throwaway MariaDB (port BENCH_MARIADB_PORT, default
# 33411). Sends for rows / rate seconds: run it under the shared lock.
#   tests/bench/million/run-bench.sh <build-dir> [rows] [rate]
# The full run (about 20 minutes):
#   flock /tmp/bench.lock tests/bench/million/run-bench.sh build/ci 1000000
set -euo pipefail
build=$(cd "${1:?build dir}" && pwd); shift
here=$(cd "$(dirname "$0")" && pwd); src=$(cd "$here/../../.." && pwd)
export BENCH_ROWS=${1:-20000} BENCH_RATE=${2:-1000}
export HELPDESK_HOST_BIN="$build/host-api/reference-host/helpdesk-host"
export CAMPAIGNS_PLUGIN_DIR="$build/plugins"
export CAMPAIGNS_SOURCE_DIR="$src"
export CLOUD_API_SIM_BIN="$build/tests/cloud-api-sim/cloud-api-sim"
export COUNTERS_CHECK_BIN="$build/tests/support/campaigns-counters-check"
export MILLION_SHEET_BIN="$build/tests/bench/million/bench_million_sheet"
cmake --build "$build" -j2 --target helpdesk-host campaigns cloud-api-sim campaigns-counters-check bench_million_sheet >/dev/null
exec "$here/../with-mariadb.sh" 33411 node "$here/million-bench.js"
