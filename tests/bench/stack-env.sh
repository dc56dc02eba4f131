# Sourced by every benchmark that runs the whole stack (reference host, plugin, Cloud API
# simulator): exports where the build put each program and builds them first, with any extra
# targets the benchmark needs. The one place that knows those paths.
#   source "$here/../stack-env.sh" <absolute build dir> [extra targets...]
# shellcheck shell=bash
stack_build=${1:?build dir}; shift
stack_src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export HELPDESK_HOST_BIN="$stack_build/host-api/reference-host/helpdesk-host"
export CAMPAIGNS_PLUGIN_DIR="$stack_build/plugins"
export CAMPAIGNS_SOURCE_DIR="$stack_src"
export CLOUD_API_SIM_BIN="$stack_build/tests/cloud-api-sim/cloud-api-sim"
export COUNTERS_CHECK_BIN="$stack_build/tests/support/campaigns-counters-check"
cmake --build "$stack_build" -j2 --target helpdesk-host campaigns cloud-api-sim campaigns-counters-check "$@" >/dev/null
