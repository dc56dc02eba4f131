#!/usr/bin/env bash
# Runs bench_claim_waiting on SQLite, then against its own throwaway MariaDB (port
# BENCH_MARIADB_PORT, default 33408).
#   tests/bench/claim-waiting/run-bench.sh <build-dir> [rows]
set -euo pipefail
build=$(cd "${1:?build dir (Release)}" && pwd); rows=${2:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
bench="$build/tests/bench/claim-waiting/bench_claim_waiting"
"$bench" "$rows"
"$here/../with-mariadb.sh" 33408 "$bench" "$rows"
