#!/usr/bin/env bash
# The style checks CI runs (as the ctest tests lint_format and lint_tidy):
#   dist/lint.sh format [build-dir]   every C++ file matches .clang-format
#   dist/lint.sh tidy [build-dir]     clang-tidy (.clang-tidy) over plugin/ and host-api/ finds nothing
#                                     beyond dist/tidy-baseline.txt, and everything listed there
#                                     still exists (a fixed finding leaves the list in the same commit)
#   dist/lint.sh baseline [build-dir] rewrites dist/tidy-baseline.txt from the current findings
#   dist/lint.sh fix                  applies .clang-format to every C++ file
# clang-tidy needs the compile database of a configured build (build/ci by default). The baseline
# holds the findings that predate the checks, each to be fixed; a new one fails CI. Findings are
# compared without line numbers ("file: message [check]") so unrelated edits do not move them.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
build=${2:-build/ci}
jobs=$(nproc 2>/dev/null || echo 2)

cxx_files() {
  git ls-files -- 'plugin/*.cpp' 'plugin/*.h' 'host-api/*.cpp' 'host-api/*.h' 'tests/*.cpp' 'tests/*.h' 2>/dev/null ||
    find plugin host-api tests -name node_modules -prune -o \( -name '*.cpp' -o -name '*.h' \) -print
}

format_check() {
  local bad=0
  while read -r f; do
    clang-format --dry-run --Werror "$f" 2>/dev/null || { echo "not formatted: $f"; bad=1; }
  done < <(cxx_files)
  if ((bad)); then echo "run dist/lint.sh fix to format them" >&2; return 1; fi
  echo "clang-format: every file is formatted"
}

tidy_findings() {
  command -v run-clang-tidy >/dev/null || { echo "run-clang-tidy is missing: dist/deps.sh installs clang-tidy" >&2; return 2; }
  [[ -f $build/compile_commands.json ]] || { echo "no $build/compile_commands.json: configure first" >&2; return 2; }
  # run-clang-tidy's own exit status says "something fired"; the list below says what.
  { run-clang-tidy -p "$build" -j "$jobs" -quiet "$PWD/(plugin|host-api)/.*\.cpp\$" 2>&1 || true; } |
    sed -e 's/\x1b\[[0-9;]*m//g' |
    { grep -E '^/.*: (error|warning): ' || true; } |
    sed -E -e "s|^$PWD/||" -e 's/:[0-9]+:[0-9]+: (error|warning): /: /' -e 's/,-warnings-as-errors\]/]/' |
    sort -u
}

tidy_check() {
  local now
  now=$(mktemp)
  tidy_findings >"$now"
  local added removed
  added=$(comm -13 dist/tidy-baseline.txt "$now")
  removed=$(comm -23 dist/tidy-baseline.txt "$now")
  rm -f "$now"
  if [[ -n $added ]]; then
    echo "clang-tidy: new findings (fix them, or say why with NOLINT(<check>): <reason>):" >&2
    echo "$added" >&2
  fi
  if [[ -n $removed ]]; then
    echo "clang-tidy: fixed, remove from dist/tidy-baseline.txt (dist/lint.sh baseline):" >&2
    echo "$removed" >&2
  fi
  [[ -z $added && -z $removed ]] || return 1
  echo "clang-tidy: no findings beyond the baseline ($(grep -c . dist/tidy-baseline.txt || true) left to fix)"
}

case $what in
  format) format_check ;;
  tidy) tidy_check ;;
  baseline) tidy_findings >dist/tidy-baseline.txt; echo "$(grep -c . dist/tidy-baseline.txt) findings in dist/tidy-baseline.txt" ;;
  fix) cxx_files | xargs clang-format -i ;;
  all) format_check && tidy_check ;;
  *) echo "usage: dist/lint.sh [format|tidy|baseline|fix|all] [build-dir]" >&2; exit 2 ;;
esac
