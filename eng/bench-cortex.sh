#!/usr/bin/env bash
# Runs the Cortex gateway benchmark against a throwaway PostgreSQL server started from the
# machine's binaries (as the postgres user, since PostgreSQL refuses to run as root). Idempotent:
# reuses the server directory if it exists, stops the server when done.
set -euo pipefail
cd "$(dirname "$0")/.."
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
DIR="${CORTEX_BENCH_DIR:-/tmp/cortex-bench-pg}"
PORT="${CORTEX_BENCH_PORT:-55432}"
as_postgres() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=postgres --regid=postgres --init-groups "$@"; else "$@"; fi; }
mkdir -p "$DIR"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
if [ ! -f "$DIR/data/PG_VERSION" ]; then
  (cd "$DIR" && as_postgres "$PGBIN/initdb" -D "$DIR/data" -U postgres --auth=trust >/dev/null)
fi
(cd "$DIR" && as_postgres "$PGBIN/pg_ctl" -D "$DIR/data" -o "-p $PORT -k $DIR -c fsync=off" -l "$DIR/log" -w start >/dev/null)
trap '(cd "$DIR" && as_postgres "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null)' EXIT
dotnet run -c Release --project bench/Cortex.Bench -- "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=postgres"
