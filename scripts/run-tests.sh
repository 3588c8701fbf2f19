#!/usr/bin/env bash
# The whole suite on SQLite, then on a throwaway PostgreSQL; fails if either fails.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
echo "== Kiểm thử trên SQLite =="
.venv/bin/pytest -p no:cacheprovider "$@" || status=1
echo "== Kiểm thử trên PostgreSQL =="
scripts/with-postgres.sh .venv/bin/pytest -p no:cacheprovider "$@" || status=1
exit $status
