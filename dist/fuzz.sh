#!/usr/bin/env bash
# Builds the libFuzzer targets (preset "fuzz": clang-14, ASan + UBSan, in build/fuzz) and runs each
# one for a bounded time as the ctest tests labelled "fuzz" (docs/security.md, "Fuzzing").
#   dist/fuzz.sh              30 s per target (what CI runs after the main suite)
#   dist/fuzz.sh 600          a longer run: 10 minutes per target
#   dist/fuzz.sh 600 -R csv   one target (any ctest arguments pass through)
# What a run finds beyond the committed seeds stays in build/fuzz/fuzz-corpus/; a crash leaves its
# input in build/fuzz/fuzz-artifacts/ and fails the run. Replay one input with
#   build/fuzz/tests/fuzz/fuzz_<target> <file>
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
jobs=$(nproc 2>/dev/null || echo 2)

cmake --preset fuzz -DCAMPAIGNS_FUZZ_SECONDS="$seconds" >/dev/null
cmake --build --preset fuzz -j "$jobs"
# One fuzzer is one process on one core: run as many at once as there are cores.
ctest --preset fuzz -j "$jobs" -L fuzz "$@"
