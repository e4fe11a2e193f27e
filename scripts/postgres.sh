#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster on loopback for the provider tests and prints its
# connection string. Usage: postgres.sh start DIR PORT | postgres.sh stop DIR
set -euo pipefail
action="$1"; dir="$2"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$action" in
  start)
    port="$3"
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_postgres "$bin/initdb" -D "$dir/cluster" -U postgres -A trust --no-sync -E UTF8 >/dev/null
    as_postgres "$bin/pg_ctl" -D "$dir/cluster" -l "$dir/cluster.log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  stop)
    as_postgres "$bin/pg_ctl" -D "$dir/cluster" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
esac
