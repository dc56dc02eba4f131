#!/usr/bin/env bash
# Two reference-host processes with the campaigns plugin start at the same moment against one
# fresh MariaDB database: each plugin migration must be applied exactly once and both hosts must
# come up serving. Run by CTest with the throwaway MariaDB fixture.
#   two-hosts-migrate.sh <helpdesk-host> <plugins dir> <source dir> <mariadb port>
set -euo pipefail
host_bin=$1; plugins=$2; src=$3; port=$4
work=$(mktemp -d)
db="two_hosts_$$"
client() { mariadb --no-defaults -uroot -h127.0.0.1 -P"$port" "$@"; }
cleanup() { kill ${pids[@]:-} 2>/dev/null || true; wait 2>/dev/null || true; client -e "DROP DATABASE IF EXISTS $db" || true; rm -rf "$work"; }
trap cleanup EXIT
client -e "CREATE DATABASE $db CHARACTER SET utf8mb4"
pids=()
for i in 1 2; do
  cat > "$work/host$i.properties" <<CFG
http.address = 127.0.0.1
http.port = 0
db.connector = mysql
db.connection = host=127.0.0.1;port=$port;db=$db;user=root;password=;
plugins.dir = $plugins
plugins.resources.campaigns = $src
data.dir = $work/data$i
secrets.key = two-hosts-test-key-0123456789abcdef
CFG
done
"$host_bin" --config="$work/host1.properties" >"$work/host1.log" 2>&1 & pids+=($!)
"$host_bin" --config="$work/host2.properties" >"$work/host2.log" 2>&1 & pids+=($!)
for _ in $(seq 1 300); do
  n=$( (grep -l "plugin campaigns started" "$work"/host*.log 2>/dev/null || true) | wc -l)
  [[ $n -eq 2 ]] && break
  sleep 0.1
done
if [[ $( (grep -l "plugin campaigns started" "$work"/host*.log || true) | wc -l) -ne 2 ]]; then
  echo "both hosts should have started the plugin"; cat "$work"/host*.log; exit 1
fi
expected=$(ls "$src/sql/plugin/mysql"/*.sql | wc -l)
applied=$(client -N -e "SELECT COUNT(*) FROM $db.campaigns_schema_migrations")
distinct=$(client -N -e "SELECT COUNT(DISTINCT version) FROM $db.campaigns_schema_migrations")
applying=$(cat "$work"/host*.log | grep -c "applying migration" || true)
echo "migration files $expected, recorded $applied (distinct $distinct), 'applying' log lines $applying"
[[ $applied -eq $expected && $distinct -eq $expected && $applying -eq $expected ]] || { cat "$work"/host*.log; exit 1; }
# By the line's level ("2026-12-07 12:51:05 Error ..."): the words alone also match a migration's
# name (023_retry_failed).
if grep -E "^[0-9-]+ [0-9:]+ (Error|Critical|Fatal) " "$work"/host*.log; then echo "a host logged an error"; exit 1; fi
echo "1 passed, 0 failed"
