#!/usr/bin/env bash
# Builds everything with warnings as errors and runs every test: unit, integration on SQLite and
# on a throwaway MariaDB (started and stopped by the tests themselves), and the browser tests.
#   dist/run-tests.sh            all tests
#   dist/run-tests.sh -L unit    only one label (any ctest arguments pass through)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

cmake --preset ci >/dev/null
cmake --build --preset ci -j "$jobs"

# Browser tests use playwright-core from npm with Debian's chromium (never a browser download).
if [[ ! -d tests/e2e/node_modules/playwright-core ]]; then
  (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

ctest --preset ci -j "$jobs" --timeout 900 "$@"
