#!/usr/bin/env bash
# Runs bench_suppression_validate on SQLite, then against its own throwaway MariaDB (port
# BENCH_MARIADB_PORT, default 33409).
#   tests/bench/suppression-validate/run-bench.sh <build-dir> [rows]
set -euo pipefail
build=$(cd "${1:?build dir (Release)}" && pwd); rows=${2:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
bench="$build/tests/bench/suppression-validate/bench_suppression_validate"
"$bench" "$rows"
"$here/../with-mariadb.sh" 33409 "$bench" "$rows"
