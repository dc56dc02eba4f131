#!/usr/bin/env bash
# Runs bench_suppression_validate on SQLite, then against its own throwaway MariaDB, and stops the server
# afterwards, even on failure.
#   tests/bench/suppression-validate/run-bench.sh <build-dir> [rows] [port]
set -euo pipefail
build=$(cd "${1:?build dir (Release)}" && pwd); rows=${2:-1000000}; port=${3:-33409}
here=$(cd "$(dirname "$0")" && pwd)
fixture="$here/../../support/mariadb-fixture.sh"
bench="$build/tests/bench/suppression-validate/bench_suppression_validate"
"$bench" "$rows"
dir=$(mktemp -d /tmp/bench-suppr-XXXXXX)
trap '"$fixture" stop "$dir"; rm -rf "$dir"' EXIT
"$fixture" start "$dir" "$port"
HELPDESK_TEST_MYSQL="host=127.0.0.1;port=$port;db=helpdesk_test;user=root;password=;character-set=utf8mb4" "$bench" "$rows"
