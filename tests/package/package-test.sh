#!/usr/bin/env bash
# ctest `package`: packages an existing build tree with dist/package.sh (no second build) and
#  - checks the .deb files' contents, Depends (dpkg-shlibdeps), conffiles, trigger, lintian (when
#    installed) and the unit against the host's drain budget;
#  - runs the maintainer scripts against a fake file system with stubbed adduser/chown/systemd
#    helpers (user and key made once, kept on upgrade; what purge keeps and removes);
#  - extracts the packages into a scratch root with `dpkg-deb -x` (the machine's own system is
#    never touched), starts the packaged host with the packaged plugin on a temporary SQLite and a
#    free port: health route, a webhook verification (which needs the key read from
#    secrets.key_file), an online SQLite backup, a clean SIGTERM stop;
#  - packages a newer version, "upgrades" the scratch root and starts again on the same data: user,
#    API token and account kept, the one migration version 2 adds runs once and no other runs
#    again, and a plugin built for another host API major beside the real one is refused;
#  - restores the online backup into a fresh folder and starts the host on it.
#   tests/package/package-test.sh <source dir> <build dir>
set -euo pipefail
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/helpdesk-package-test.XXXXXX")
host_pid=""
cleanup() {
  if [[ -n $host_pid ]] && kill -0 "$host_pid" 2>/dev/null; then kill -KILL "$host_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [[ -f $work/host.log ]] && { echo "--- host log" >&2; tail -n 40 "$work/host.log" >&2; }; exit 1; }
step() { echo "== [${SECONDS}s] $*"; }

api_major=$(sed -n 's/^#define HELPDESK_HOST_API_VERSION_MAJOR \([0-9]*\).*/\1/p' "$src/host-api/include/helpdesk/Version.h")
[[ -n $api_major ]] || fail "no HELPDESK_HOST_API_VERSION_MAJOR in Version.h"

# --- Package (twice the same build, as two versions) --------------------------------------
step "package $build as 0.0.1~pkgtest1 and 0.0.1~pkgtest2"
"$src/dist/package.sh" --build-dir "$build" --no-build --out "$work/v1" --version 0.0.1~pkgtest1 >/dev/null
host_deb=$(ls "$work"/v1/helpdesk-reference-host_*.deb)
plugin_deb=$(ls "$work"/v1/helpdesk-campaigns_*.deb)

# --- Contents -----------------------------------------------------------------------------
step "contents"
dpkg-deb -c "$host_deb" | awk '{print $1, $2, $NF}' > "$work/host.list"
dpkg-deb -c "$plugin_deb" | awk '{print $1, $2, $NF}' > "$work/plugin.list"
has() { grep -qE " $2\$" "$work/$1.list" || fail "$1 package lacks $2"; }
lacks() { ! grep -qE " $2\$" "$work/$1.list" || fail "$1 package must not hold $2"; }
has host './usr/bin/helpdesk-host'
has host './lib/systemd/system/helpdesk-host.service'
has host './etc/helpdesk/host.properties'
has host './usr/share/helpdesk-host/sql/host/sqlite/001_[a-z_]+\.sql'
has host './usr/share/helpdesk-host/sql/host/mysql/001_[a-z_]+\.sql'
has host './usr/share/helpdesk-host/locales/es\.properties'
has host './usr/share/helpdesk-host/locales/en\.properties'
has host './usr/share/helpdesk/config/host.properties'
has host './usr/share/doc/helpdesk-reference-host/copyright'
has host './usr/share/doc/helpdesk-reference-host/changelog.Debian.gz'
has host './usr/share/man/man1/helpdesk-host.1.gz'
lacks host './etc/helpdesk/secrets.key'
lacks host '.*campaigns\.so'
has plugin './usr/lib/helpdesk/plugins/campaigns\.so'
has plugin './usr/share/helpdesk/plugins/campaigns/sql/plugin/sqlite/001_[a-z_]+\.sql'
has plugin './usr/share/helpdesk/plugins/campaigns/sql/plugin/mysql/001_[a-z_]+\.sql'
has plugin './usr/share/helpdesk/plugins/campaigns/templates/locales/es\.properties'
has plugin './usr/share/helpdesk/plugins/campaigns/prices/whatsapp-prices\.txt'
has plugin './usr/share/helpdesk/config/campaigns.properties'
has plugin './usr/share/doc/helpdesk-campaigns/admin-guide\.(en|es)\.md'
has plugin './usr/share/doc/helpdesk-campaigns/copyright'
for l in host plugin; do
  lacks "$l" '.*/bin/cloud-api-sim'
  lacks "$l" '.*/include/helpdesk/.*'
  # Everything belongs to root; the postinst hands folders to the service user.
  ! awk '$2 != "root/root"' "$work/$l.list" | grep -q . || fail "$l package holds files not owned by root"
done
# Same SQL in the package as in the tree: a migration added to sql/ but not installed fails here.
[[ $(grep -c '/sql/plugin/sqlite/[0-9].*\.sql$' "$work/plugin.list") == $(ls "$src"/sql/plugin/sqlite/*.sql | wc -l) ]] ||
  fail "plugin package and sql/plugin/sqlite hold a different number of migrations"

# --- Control fields -----------------------------------------------------------------------
step "control fields"
field() { dpkg-deb -f "$1" "$2"; }
[[ $(field "$host_deb" Version) == 0.0.1~pkgtest1-1 ]] || fail "host version is $(field "$host_deb" Version)"
host_depends=$(field "$host_deb" Depends)
plugin_depends=$(field "$plugin_deb" Depends)
echo "host Depends: $host_depends"
echo "plugin Depends: $plugin_depends"
for lib in libc6 'libstdc\+\+6' libpocofoundation libpoconet libpocodatasqlite libpocodatamysql libssl; do
  grep -qE "(^|, )$lib[0-9a-z.+-]*[ ,]" <<<"$host_depends, " || fail "host Depends lacks $lib (dpkg-shlibdeps)"
done
grep -qE '(^|, )adduser(,|$| )' <<<"$host_depends" || fail "host Depends lacks adduser"
for lib in libc6 libpocofoundation libpocodata libpocojson libxlsxwriter libphonenumber; do
  grep -qE "(^|, )$lib[0-9a-z.+-]*[ ,]" <<<"$plugin_depends, " || fail "plugin Depends lacks $lib (dpkg-shlibdeps)"
done
[[ $(field "$host_deb" Provides) == "helpdesk-host-api-$api_major" ]] || fail "host Provides is '$(field "$host_deb" Provides)'"
grep -qE "(^|, )helpdesk-host-api-$api_major(,|$)" <<<"$plugin_depends" || fail "plugin does not depend on helpdesk-host-api-$api_major"
dpkg-deb -e "$host_deb" "$work/control"
grep -qx /etc/helpdesk/host.properties "$work/control/conffiles" || fail "host.properties is not a conffile"
grep -q 'interest-noawait /usr/lib/helpdesk/plugins' "$work/control/triggers" || fail "no trigger on the plugin folder"
for s in postinst prerm postrm; do
  [[ -x $work/control/$s ]] || fail "$s missing or not executable"
  sh -n "$work/control/$s" || fail "$s is not valid sh"
done
grep -q 'adduser --system' "$work/control/postinst" || fail "postinst creates no system user"
! grep -q '@[A-Z_]*@' "$work/control/postinst" "$work/control/triggers" || fail "unreplaced @VARIABLE@ in maintainer files"

# lintian is not in dist/deps.sh (≈60 Perl packages and 30 s for a check a packaging change
# rarely breaks); where it is installed, the packages must pass it without errors or warnings.
if command -v lintian >/dev/null; then
  step "lintian"
  lintian --fail-on error,warning "$host_deb" "$plugin_deb" || fail "lintian"
else
  echo "lintian not installed: skipped"
fi

# --- Maintainer scripts, run against a fake file system ---------------------------------------
# Their paths are moved below $fs and the commands that would change the machine (adduser,
# chown, systemd helpers) are stubs that log, so the scripts' decisions can be checked: the user
# is made once, the key once (0600, 64 hex digits) and kept on upgrade; purge keeps key, user and
# data while data exists, and removes them once it does not.
step "maintainer scripts"
fs="$work/fs"
stubs="$work/stubs"
mkdir -p "$fs/etc/helpdesk" "$stubs"
touch "$fs/passwd" "$fs/calls"
dpkg-deb --fsys-tarfile "$host_deb" | tar -xO ./etc/helpdesk/host.properties > "$fs/etc/helpdesk/host.properties"
for s in postinst postrm; do
  sed -e "s#/etc/helpdesk#$fs/etc/helpdesk#g" -e "s#/var/lib/helpdesk#$fs/var/lib/helpdesk#g" \
      -e "s#/run/systemd/system#$fs/run/systemd/system#g" "$work/control/$s" > "$work/$s.fake"
done
stub() { printf '#!/bin/sh\n%s\n' "$2" > "$stubs/$1"; chmod +x "$stubs/$1"; }
stub adduser "echo \"adduser \$*\" >> $fs/calls; for a; do last=\$a; done; echo \"\$last:x:999:999::/nonexistent:/usr/sbin/nologin\" >> $fs/passwd"
stub getent "grep -q \"^\$2:\" $fs/passwd && grep \"^\$2:\" $fs/passwd"
stub chown "echo \"chown \$*\" >> $fs/calls"
stub deluser "echo \"deluser \$*\" >> $fs/calls"
stub delgroup "echo \"delgroup \$*\" >> $fs/calls"
stub deb-systemd-helper "echo \"deb-systemd-helper \$*\" >> $fs/calls; [ \"\$1\" != --quiet ] || exit 1"
stub deb-systemd-invoke "echo \"deb-systemd-invoke \$*\" >> $fs/calls"
stub systemctl "echo \"systemctl \$*\" >> $fs/calls"
# install -o/-g would need the user to exist on this machine: drop them, keep the rest.
stub install 'args=""; while [ $# -gt 0 ]; do case $1 in -o|-g) shift 2;; *) args="$args $1"; shift;; esac; done; exec /usr/bin/install $args'
fake() { PATH="$stubs:$PATH" sh -e "$work/$1.fake" "${@:2}"; }
fake postinst configure || fail "postinst configure failed"
key="$fs/etc/helpdesk/secrets.key"
[[ $(stat -c %a "$key") == 600 && $(stat -c %a "$fs/etc/helpdesk/secrets.env") == 600 ]] || fail "secrets are not 0600"
grep -qE '^[0-9a-f]{64}$' "$key" || fail "secrets.key is not 64 hex digits"
[[ -d $fs/var/lib/helpdesk/data ]] || fail "postinst made no state folder"
[[ $(grep -c '^adduser --system' "$fs/calls") == 1 ]] || fail "adduser --system not called once"
grep -q "^chown helpdesk:helpdesk $key" "$fs/calls" || fail "the key is not handed to the service user"
cp "$key" "$work/key.before"
fake postinst configure 0.0.1~pkgtest0 || fail "postinst configure (upgrade) failed"
cmp -s "$key" "$work/key.before" || fail "an upgrade replaced secrets.key"
[[ $(grep -c '^adduser' "$fs/calls") == 1 ]] || fail "an upgrade called adduser again"
fake postinst triggered "/usr/lib/helpdesk/plugins" || fail "postinst triggered failed"
touch "$fs/var/lib/helpdesk/helpdesk.db"
fake postrm purge 2>"$work/purge.err" || fail "postrm purge failed"
[[ -f $key && -f $fs/var/lib/helpdesk/helpdesk.db ]] || fail "purge removed the key or data while data exists"
[[ ! -e $fs/etc/helpdesk/secrets.env ]] || fail "purge kept secrets.env"
grep -q 'kept .*var/lib/helpdesk' "$work/purge.err" || fail "purge did not say what it kept"
! grep -q '^deluser' "$fs/calls" || fail "purge removed the user while data exists"
rm -rf "$fs/var/lib/helpdesk"
fake postrm purge || fail "second postrm purge failed"
[[ ! -e $key ]] || fail "purge without data kept secrets.key"
grep -q '^deluser --system' "$fs/calls" || fail "purge without data kept the user"

# --- Service unit against the host's drain budget -----------------------------------------
step "systemd unit"
dpkg-deb -x "$host_deb" "$work/root"
dpkg-deb -x "$plugin_deb" "$work/root"
unit="$work/root/lib/systemd/system/helpdesk-host.service"
conf="$work/root/etc/helpdesk/host.properties"
stop_s=$(sed -n 's/^TimeoutStopSec=\([0-9]*\)s\?$/\1/p' "$unit")
budget_ms=$(sed -n 's/^plugins.stop_budget_ms *= *\([0-9]*\)$/\1/p' "$conf")
[[ -n $stop_s && -n $budget_ms ]] || fail "TimeoutStopSec or plugins.stop_budget_ms missing"
((stop_s * 1000 > budget_ms)) || fail "TimeoutStopSec=${stop_s}s does not cover plugins.stop_budget_ms=$budget_ms"
grep -qx 'User=helpdesk' "$unit" || fail "the unit does not run as helpdesk"
grep -q '^ExecStart=/usr/bin/helpdesk-host --config=/etc/helpdesk/host.properties' "$unit" || fail "ExecStart"
grep -qx 'ExecReload=/bin/kill -HUP $MAINPID' "$unit" || fail "ExecReload: the host rereads its log level on SIGHUP"
if command -v systemd-analyze >/dev/null; then
  # Only complaints about the unit's own lines ("<file>:<line>: Unknown key ..."): its binary
  # lives in the scratch root, and a machine without a running systemd adds other noise.
  complaints=$(systemd-analyze verify "$unit" 2>&1 | grep -F "$unit:" || true)
  [[ -z $complaints ]] || fail "systemd-analyze verify: $complaints"
fi

# --- Start the extracted host -------------------------------------------------------------
sqlite_sql="$work/root/usr/share/helpdesk/plugins/campaigns/sql/plugin/sqlite"
migrations=$(ls "$sqlite_sql"/*.sql | wc -l)
previous=$(ls "$sqlite_sql"/*.sql | sort | tail -n 1 | xargs basename | sed 's/^0*\([0-9][0-9]*\)_.*/\1/')
# Version 2 brings one migration more (written into its extracted copy: the code cannot run on a
# schema older than its own): the upgrade must apply exactly that one, once, and leave the rows of
# the others as they were.
latest=999
# The packaged configuration, with its absolute paths moved into the scratch root.
mkdir -p "$work/var" "$work/etc"
(umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > "$work/etc/secrets.key")
sed -e "s#= /usr/#= $work/root/usr/#" -e "s#/var/lib/helpdesk#$work/var#" -e "s#/etc/helpdesk/secrets.key#$work/etc/secrets.key#" \
    -e 's#^http.port = .*#http.port = 0#' "$conf" > "$work/etc/host.properties"
grep -q "plugins.dir = $work/root/usr/lib/helpdesk/plugins" "$work/etc/host.properties" || fail "plugins.dir not rewritten"
config="$work/etc/host.properties"
hosted() { "$work/root/usr/bin/helpdesk-host" --config="$config" "$@"; }
port=""
start_host() {
  : > "$work/host.log"
  # The binary itself, not through `hosted`: a backgrounded function is a subshell, and SIGTERM
  # must reach the host.
  "$work/root/usr/bin/helpdesk-host" --config="$config" serve >>"$work/host.log" 2>&1 &
  host_pid=$!
  for _ in $(seq 1 150); do
    port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$work/host.log")
    [[ -n $port ]] && return 0
    kill -0 "$host_pid" 2>/dev/null || fail "the host exited at start"
    sleep 0.2
  done
  fail "the host did not start listening within 30 s"
}
stop_host() {
  kill -TERM "$host_pid"
  local waited=0
  while kill -0 "$host_pid" 2>/dev/null; do
    sleep 0.2; waited=$((waited + 1))
    ((waited < stop_s * 5)) || fail "the host did not stop within TimeoutStopSec=${stop_s}s"
  done
  wait "$host_pid" || fail "the host exited with status $? on SIGTERM"
  host_pid=""
  grep -q 'campaigns: stopped' "$work/host.log" || fail "the plugin did not stop cleanly"
}
curl_api() { curl -sS --max-time 10 -H "Authorization: Bearer $token" "$@"; }

step "first start (version 1)"
hosted user add --login pkgadmin --password 'package-test-123' --role administrator --name 'Package test' >/dev/null
token=$(hosted token create --user pkgadmin --label package-test | tail -n 1 | awk '{print $NF}')
[[ -n $token ]] || fail "no API token"
start_host
grep -q 'plugin campaigns started' "$work/host.log" || fail "the plugin did not start"
grep -q "campaigns: started (database sqlite, $migrations new migrations)" "$work/host.log" ||
  fail "the first start did not apply all $migrations migrations: $(grep 'campaigns: started' "$work/host.log")"
health=$(curl_api "http://127.0.0.1:$port/campaigns/api/v1/health") || fail "health route unreachable"
echo "health: $health"
grep -q '"status" *: *"ok"' <<<"$health" || fail "health: $health"
grep -q "\"schemaVersion\" *: *$previous\b" <<<"$health" || fail "schema version is not $previous: $health"
account=$(curl_api -H 'Content-Type: application/json' -X POST "http://127.0.0.1:$port/campaigns/api/v1/accounts" \
  -d '{"display_name":"Paquete","phone_number_id":"100000000000077","waba_id":"200000000000077",
       "access_token":"pkg-token-1234","app_secret":"pkg-app-secret","verify_token":"pkg-verify-token",
       "graph_base_url":"https://127.0.0.1:9","graph_version":"v23.0","throughput_per_second":80,"daily_limit_tier":"TIER_1K"}') ||
  fail "account not created"
grep -q '"id"' <<<"$account" || fail "account not created: $account"
verify_webhook() {
  local answer
  answer=$(curl -sS --max-time 10 "http://127.0.0.1:$port/campaigns/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=pkg-verify-token&hub.challenge=4242") || true
  [[ $answer == 4242 ]]
}
# The verify token is sealed with the key from secrets.key_file; the webhook opens it.
for _ in $(seq 1 50); do verify_webhook && break; sleep 0.2; done
verify_webhook || fail "webhook verification did not answer the challenge"
# The admin guide's online backup, taken while the host runs.
sqlite3 "$work/var/helpdesk.db" ".backup '$work/backup.db'" || fail "online backup failed"
stop_host
ledger() { sqlite3 "$work/var/helpdesk.db" "SELECT version || ' ' || applied_at FROM $1 ORDER BY version"; }
ledger campaigns_schema_migrations > "$work/ledger-plugin.1"
ledger host_schema_migrations > "$work/ledger-host.1"
[[ -s $work/ledger-plugin.1 && -s $work/ledger-host.1 ]] || fail "empty migration ledgers"

# --- Upgrade --------------------------------------------------------------------------------
step "upgrade to version 2 on the same data"
"$src/dist/package.sh" --build-dir "$build" --no-build --out "$work/v2" --version 0.0.1~pkgtest2 >/dev/null
host_deb2=$(ls "$work"/v2/helpdesk-reference-host_*.deb)
plugin_deb2=$(ls "$work"/v2/helpdesk-campaigns_*.deb)
dpkg --compare-versions "$(field "$host_deb2" Version)" gt "$(field "$host_deb" Version)" || fail "version 2 is not newer"
dpkg-deb -x "$host_deb2" "$work/root"
dpkg-deb -x "$plugin_deb2" "$work/root"
printf -- '-- Written by the package test: the migration an upgrade brings.\nCREATE TABLE package_test_upgrade (id INTEGER PRIMARY KEY);\n' \
  > "$sqlite_sql/${latest}_package_test_upgrade.sql"
# A plugin built for another host API major sits beside the real one: the loader refuses it.
bad="$build/tests/integration/host/test-plugins/bad_version_plugin.so"
if [[ -f $bad ]]; then cp "$bad" "$work/root/usr/lib/helpdesk/plugins/"; else echo "no $bad (target host_test_bad_version_plugin): API major check skipped"; fi
start_host
grep -q 'plugin campaigns started' "$work/host.log" || fail "the plugin did not start after the upgrade"
grep -q 'campaigns: started (database sqlite, 1 new migrations)' "$work/host.log" ||
  fail "the upgrade did not apply exactly the one new migration: $(grep 'campaigns: started' "$work/host.log")"
! grep -q 'applied host migration' "$work/host.log" || fail "the host ran migrations again"
if [[ -f $bad ]]; then
  grep -q "bad_version_plugin.so refused: built for host API" "$work/host.log" || fail "a plugin for another API major was not refused clearly"
fi
health=$(curl_api "http://127.0.0.1:$port/campaigns/api/v1/health") || fail "health route unreachable after the upgrade"
grep -q '"status" *: *"ok"' <<<"$health" || fail "health after the upgrade (token kept?): $health"
grep -q "\"schemaVersion\" *: *$latest\b" <<<"$health" || fail "schema version after the upgrade is not $latest: $health"
accounts=$(curl_api "http://127.0.0.1:$port/campaigns/api/v1/accounts")
grep -q '"phone_number_id" *: *"100000000000077"' <<<"$accounts" || fail "the account was lost: $accounts"
for _ in $(seq 1 50); do verify_webhook && break; sleep 0.2; done
verify_webhook || fail "webhook verification failed after the upgrade (key from secrets.key_file)"
stop_host
ledger campaigns_schema_migrations > "$work/ledger-plugin.2"
ledger host_schema_migrations > "$work/ledger-host.2"
# The old rows untouched (not re-run), one row more: the new migration.
[[ $(wc -l < "$work/ledger-plugin.2") == $(($(wc -l < "$work/ledger-plugin.1") + 1)) ]] || fail "not exactly one migration more"
head -n -1 "$work/ledger-plugin.2" | cmp -s "$work/ledger-plugin.1" - || fail "the plugin's earlier migrations were re-run"
[[ $(tail -n 1 "$work/ledger-plugin.2" | cut -d' ' -f1) == "$latest" ]] || fail "the new ledger row is not migration $latest"
cmp -s "$work/ledger-host.1" "$work/ledger-host.2" || fail "the host's migration ledger changed"

# --- Restore the online backup into a fresh state folder, as the admin guide says -------------
step "restore the online backup"
mkdir -p "$work/restored"
install -m 0640 "$work/backup.db" "$work/restored/helpdesk.db"
sed -e "s#$work/var#$work/restored#" "$work/etc/host.properties" > "$work/etc/restored.properties"
config="$work/etc/restored.properties"
start_host
# The backup predates the upgrade: its missing migration runs on the restored copy.
grep -q 'campaigns: started (database sqlite, 1 new migrations)' "$work/host.log" ||
  fail "the restored older database did not get the new migration: $(grep 'campaigns: started' "$work/host.log")"
accounts=$(curl_api "http://127.0.0.1:$port/campaigns/api/v1/accounts") || fail "accounts unreachable on the restored database"
grep -q '"phone_number_id" *: *"100000000000077"' <<<"$accounts" || fail "the restored database lacks the account: $accounts"
for _ in $(seq 1 50); do verify_webhook && break; sleep 0.2; done
verify_webhook || fail "webhook verification failed on the restored database"
stop_host
echo "package test passed"
