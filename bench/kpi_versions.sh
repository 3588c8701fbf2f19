#!/bin/bash
# Interleave bench/kpi_engine.py across checkouts of different commits, each run on its own copy of one
# generated SQLite database, so the versions meet the same data and the same machine load.
#
#   bench/kpi_versions.sh DATA_DIR ROUNDS CHECKOUT... -- [kpi_engine.py options]
#   e.g. bench/kpi_versions.sh /tmp/gen1m 2 /tmp/wt-068719e . -- --count 1000000 --new 100000 --skip-pandas
#
# DATA_DIR holds a cchc.sqlite3 made beforehand (bench/kpi_engine.py --data-dir DATA_DIR --count N ...).
# Checkouts are git worktrees (git worktree add /tmp/wt-REV REV), run with this repository's .venv.
set -euo pipefail
data=$1 rounds=$2; shift 2
checkouts=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do checkouts+=("$(cd "$1" && pwd)"); shift; done
[ $# -gt 0 ] && shift
python=$(cd "$(dirname "$0")/.." && pwd)/.venv/bin/python
for round in $(seq "$rounds"); do
  for wt in "${checkouts[@]}"; do
    run=$(mktemp -d); cp "$data/cchc.sqlite3" "$run/"
    echo "=== round $round $(git -C "$wt" rev-parse --short HEAD) $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
    (cd "$wt" && PYTHONPATH=$wt "$python" bench/kpi_engine.py --data-dir "$run" "$@" 2>&1 \
       | grep -E "tính lại|làm mới|danh sách|tổng|nạp lần") || true
    rm -rf "$run"
  done
done
