#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server (initdb in a temp dir, port 55432, stopped after).
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
export PGPORT=${PGPORT:-55432} PGHOST=127.0.0.1 PGUSER=postgres
PGROOT=$(mktemp -d /tmp/cchc-pg.XXXXXX)
as_pg() { if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$PGROOT"; runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() { as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$PGROOT"; }
trap cleanup EXIT
as_pg "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
  --locale-provider=icu --icu-locale=vi-VN >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 60 \
  -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $PGROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
export CCHC_DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/cchc"
echo "PostgreSQL tạm thời: $CCHC_DATABASE_URL"
"$@"
