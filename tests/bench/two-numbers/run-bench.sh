#!/usr/bin/env bash
# Two numbers at once (issue 14): two source accounts (two phone numbers of the Cloud API
# simulator, each allowed `rate` msg/s), each sending a campaign of `entries` recipients at a
# configured `rate`, both started together, on one MariaDB; first with one host instance, then
# with two instances on the same database. Prints each account's achieved rate next to its
# configured one, the time to Completada next to the 110 s budget and the floor (entries / rate),
# the CPU of every process, 130429 refusals, duplicates, counters vs recount and the load average.
#   tests/bench/two-numbers/run-bench.sh <build-dir> [entries-per-account] [rate] [hosts: 1|2|both]
# The full run: tests/bench/two-numbers/run-bench.sh build/ci 100000 (send it under flock /tmp/bench.lock).
# BENCH_SEND_VIA=first starts both campaigns through the first instance (default: each through its own).
set -euo pipefail
build=$(cd "${1:?build dir (Release or RelWithDebInfo)}" && pwd); shift
here=$(cd "$(dirname "$0")" && pwd)
export BENCH_ENTRIES=${1:-20000} BENCH_RATE=${2:-1000} BENCH_HOSTS=${3:-both}
source "$here/../stack-env.sh" "$build"
# Several instances share one database: MariaDB only, on its own throwaway server (port
# BENCH_MARIADB_PORT, default 33412); a fresh database on it for each run.
run() { "$here/../with-mariadb.sh" 33412 node "$here/two-numbers.js" "$1"; }
case $BENCH_HOSTS in
  1 | 2) run "$BENCH_HOSTS" ;;
  both) run 1 && run 2 ;;
  *) echo "hosts: 1, 2 or both" >&2 && exit 2 ;;
esac
