#!/usr/bin/env bash
# Runs bench_store_entries against its own throwaway MariaDB (port BENCH_MARIADB_PORT, default
# 33406); its files go under <build-dir>/bench-store-entries, removed afterwards.
#   tests/bench/store-entries/run-bench.sh <build-dir>
set -euo pipefail
build=$(cd "${1:?build dir (Release)}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
dir="$build/bench-store-entries"
mkdir -p "$dir"
trap 'rm -rf "$dir"' EXIT
"$here/../with-mariadb.sh" 33406 "$build/tests/bench/store-entries/bench_store_entries" "$dir/work"
