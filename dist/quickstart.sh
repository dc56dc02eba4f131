#!/usr/bin/env bash
# Sets up and starts the whole thing on one machine: installs the Debian packages it needs, builds,
# installs into var/quickstart/install, starts the Cloud API simulator and the reference helpdesk
# host with the campaigns plugin on SQLite with demo data (users, departments, ticket metadata and
# a source account pointing at the simulator with its templates synchronised), then prints the
# address and the logins. Ctrl-C stops both.
#   PORT=8080 SIM_PORT=8089 dist/quickstart.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
port=${PORT:-8080}
sim_port=${SIM_PORT:-8089}
state="$root/var/quickstart"
prefix="$state/install"
mkdir -p "$state"

dist/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target helpdesk-host campaigns cloud-api-sim
cmake --install build/release --prefix "$prefix" >/dev/null

# One key per installation, kept beside its database: it seals the accounts' secrets.
[[ -f "$state/secrets.key" ]] || od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > "$state/secrets.key"
chmod 600 "$state/secrets.key"

cat > "$state/host.properties" <<CFG
# Written by dist/quickstart.sh; see share/helpdesk/config/ for every key.
http.address = 127.0.0.1
http.port = $port
db.connector = sqlite
db.connection = $state/helpdesk.sqlite
host.sql.dir = $prefix/share/helpdesk-host/sql/host
host.locales.dir = $prefix/share/helpdesk-host/locales
plugins.dir = $prefix/lib/helpdesk/plugins
plugins.resources.campaigns = $prefix/share/helpdesk/plugins/campaigns
data.dir = $state/data
public.base_url = http://127.0.0.1:$port
timezone = America/Santiago
locale.default = es
secrets.key = $(cat "$state/secrets.key")
# The demo's Cloud API simulator answers on http://127.0.0.1: development only.
plugins.campaigns.accounts.allow_http_graph_base_url = true
CFG
chmod 600 "$state/host.properties"

host="$prefix/bin/helpdesk-host --config=$state/host.properties"
$host seed-demo

sim_log="$state/cloud-api-sim.log"
"$prefix/bin/cloud-api-sim" --port="$sim_port" \
  --set webhook_url="http://127.0.0.1:$port/campaigns/webhooks/whatsapp" \
  --set throughput_mps=80 --set p_read=0.7 --set reply_probability=0.2 --set rules=3=131026:async \
  >"$sim_log" 2>&1 &
sim_pid=$!
$host >"$state/host.log" 2>&1 &
host_pid=$!
trap 'kill $host_pid $sim_pid 2>/dev/null; wait 2>/dev/null' EXIT INT TERM

for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/login" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$port/login" >/dev/null || { echo "The host did not start; see $state/host.log"; exit 1; }

# Demo account pointing at the simulator, created once through the API with an admin token.
if [[ ! -f "$state/demo-account.done" ]]; then
  token=$($host token create --user admin --label quickstart | tail -n 1 | awk '{print $NF}')
  api="http://127.0.0.1:$port/campaigns/api/v1"
  account=$(curl -fs -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -X POST "$api/accounts" \
    -d "{\"display_name\":\"Simulador (demo)\",\"phone_number_id\":\"100000000000001\",\"waba_id\":\"200000000000001\",
         \"access_token\":\"sim-token\",\"app_secret\":\"sim-app-secret\",\"verify_token\":\"verify-demo-token\",
         \"graph_base_url\":\"http://127.0.0.1:$sim_port\",\"graph_version\":\"v23.0\",
         \"throughput_per_second\":80,\"daily_limit_tier\":\"TIER_10K\"}")
  account_id=$(echo "$account" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
  curl -fs -H "Authorization: Bearer $token" -X POST "$api/accounts/$account_id/templates/sync" >/dev/null
  touch "$state/demo-account.done"
fi

cat <<MSG

  Helpdesk with the campaigns module: http://127.0.0.1:$port
    administrator  admin  / admin123   (Administrador > Mis Campañas, Analítica > Mis campañas)
    agent          agente / agente123  (Tickets)
  WhatsApp Cloud API simulator:        http://127.0.0.1:$sim_port  (account "Simulador (demo)")
  Data and logs: $state        Stop: Ctrl-C

MSG
wait $host_pid
