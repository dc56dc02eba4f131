#!/usr/bin/env bash
# Starts or stops a throwaway MariaDB for the integration tests: its own datadir, socket and port,
# nothing shared with a system server. CTest runs `start` as a fixture setup and `stop` as its
# cleanup, so the server is stopped even when tests fail.
#   mariadb-fixture.sh start <dir> <port>
#   mariadb-fixture.sh stop  <dir>
# MARIADB_FIXTURE_ARGS: more server options, for benchmarks (the cost benchmark turns the row-based
# binary log on, as on a replicated primary); the tests leave it empty.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?dir}
sock="$dir/mysqld.sock"; pidfile="$dir/mysqld.pid"; log="$dir/mysqld.log"

server_bin() { command -v mariadbd || command -v mysqld || echo /usr/sbin/mariadbd; }
install_bin() { command -v mariadb-install-db || command -v mysql_install_db; }
client_bin() { command -v mariadb || command -v mysql; }

stop() {
  if [[ -f "$pidfile" ]]; then
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  fi
}

case "$cmd" in
start)
  port=${3:?port}
  stop
  rm -rf "$dir/data"; mkdir -p "$dir/data"
  user_opt=(); [[ $(id -u) == 0 ]] && user_opt=(--user=root)
  read -r -a extra_opt <<<"${MARIADB_FIXTURE_ARGS:-}"
  "$(install_bin)" --no-defaults --datadir="$dir/data" "${user_opt[@]}" \
      --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1 \
    || { cat "$dir/install.log"; exit 1; }
  "$(server_bin)" --no-defaults --datadir="$dir/data" --socket="$sock" --port="$port" \
      --bind-address=127.0.0.1 --pid-file="$pidfile" --log-error="$log" "${user_opt[@]}" \
      --innodb-buffer-pool-size=256M --innodb-flush-log-at-trx-commit=2 --skip-name-resolve \
      --max-connections=500 --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
      --local-infile=1 "${extra_opt[@]}" >/dev/null 2>&1 &
  for _ in $(seq 1 300); do
    if "$(client_bin)" --no-defaults -uroot --socket="$sock" -e 'SELECT 1' >/dev/null 2>&1; then
      "$(client_bin)" --no-defaults -uroot --socket="$sock" -e \
        "CREATE DATABASE IF NOT EXISTS helpdesk_test CHARACTER SET utf8mb4; SET GLOBAL time_zone='+00:00';"
      echo "MariaDB ready on 127.0.0.1:$port (datadir $dir/data)"
      exit 0
    fi
    sleep 0.1
  done
  echo "MariaDB did not start; log follows:"; cat "$log" 2>/dev/null || true
  exit 1
  ;;
stop) stop ;;
*) echo "usage: $0 start <dir> <port> | stop <dir>" >&2; exit 2 ;;
esac
