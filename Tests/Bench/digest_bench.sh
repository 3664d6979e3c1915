#!/usr/bin/env bash
# Digest benchmark (issue 14): the time to compose today's digest of every user of the 2,000-school synthetic
# region, as `opora send-digests --dry-run` does it (reads only, sends and writes nothing).
#
#   Tests/Bench/digest_bench.sh
#
# The synthetic region runs to the running school year, so digests have something to say. Environment: OPORA_BIN (default .build/release/opora),
# BENCH_SCHOOLS (2000), BENCH_RUNS (3), BENCH_KEEP=1 keeps the database.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BIN=${OPORA_BIN:-.build/release/opora}
SCHOOLS=${BENCH_SCHOOLS:-2000}
RUNS=${BENCH_RUNS:-3}
[[ -x $BIN ]] || { echo "digest-bench: $BIN not found: run 'make release'" >&2; exit 1; }
TMP=$(mktemp -d /tmp/opora-digest-bench.XXXXXX)
[[ ${BENCH_KEEP:-0} == 1 ]] || trap 'rm -rf "$TMP"' EXIT
DB=$TMP/region.sqlite
"$BIN" demo --schools "$SCHOOLS" --db "$DB" >/dev/null
users=$(sqlite3 "$DB" "SELECT COUNT(*) FROM user WHERE mailPreference = 'digest' AND email IS NOT NULL")
for run in $(seq 1 "$RUNS"); do
  start=$(date +%s.%N)
  "$BIN" send-digests --db "$DB" --dry-run > "$TMP/digests.txt" 2> "$TMP/summary.txt"
  end=$(date +%s.%N)
  printf 'digest-bench: run %d: %s users, %s s wall; %s\n' "$run" "$users" "$(python3 -c "print(round($end - $start, 2))")" "$(cat "$TMP/summary.txt")"
done
