#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 and a free port, for tests, benchmarks and CI.
#
#   .ci/postgres.sh start DIR   initialise a cluster in DIR (new or empty), start it, and print
#                               its connection URL (postgres://guildkit:...@127.0.0.1:PORT/guildkit)
#   .ci/postgres.sh stop DIR    stop it (the caller removes DIR)
#   .ci/postgres.sh resume DIR  start a stopped cluster again, on the same port (for outage tests)
#
# Tests run it without fsync, for speed; POSTGRES_DURABLE=1 keeps PostgreSQL's durable defaults
# (every commit flushed to disk), as benchmarks need.
#
# DIR's parent must be reachable by the postgres user when run as root (it is made so).
# Needs Debian's postgresql package (.ci/setup installs it). initdb refuses to run as root,
# so as root the cluster runs as the postgres user.
set -euo pipefail

command=${1:-}
dir=${2:-}
if [[ -z "$command" || -z "$dir" ]]; then
  echo "usage: $0 start|stop|resume DIR" >&2
  exit 2
fi

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  echo "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin; run .ci/setup (or apt-get install postgresql)." >&2
  exit 1
fi

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
  start)
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then
      chown postgres:postgres "$dir"
      # The postgres user must be able to reach DIR (mktemp -d makes private folders).
      chmod a+x "$(dirname "$(realpath "$dir")")"
    fi
    port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    password=$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')
    printf '%s\n' "$password" >"$dir/pwfile"
    if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$dir/pwfile"; fi
    as_owner "$bindir/initdb" -D "$dir/data" -U guildkit --pwfile="$dir/pwfile" --auth=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    rm -f "$dir/pwfile"
    # Durability is not what a test cluster is for: skip fsync to keep tests quick.
    durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    if [[ "${POSTGRES_DURABLE:-}" == 1 ]]; then durability=""; fi
    options="-p $port -k $dir -c listen_addresses=127.0.0.1 $durability -c max_connections=200"
    printf '%s\n' "$options" >"$dir/server.options"
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$options" start >/dev/null ||
      { cat "$dir/server.log" >&2; exit 1; }
    PGPASSWORD=$password "$bindir/createdb" -h 127.0.0.1 -p "$port" -U guildkit guildkit
    echo "postgres://guildkit:$password@127.0.0.1:$port/guildkit"
    ;;
  stop)
    if [[ -f "$dir/data/postmaster.pid" ]]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    fi
    ;;
  resume)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$(cat "$dir/server.options")" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    ;;
  *)
    echo "usage: $0 start|stop|resume DIR" >&2
    exit 2
    ;;
esac
