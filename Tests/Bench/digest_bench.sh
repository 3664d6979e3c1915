#!/usr/bin/env bash
# Digest benchmark (issue 14): the time to compose today's digest of every user of the 2,000-school synthetic
# region, as `opora send-digests --dry-run` does it (reads only, sends and writes nothing).
#
#   Tests/Bench/digest_bench.sh
#
# When the region's programme years end before the running school year (a demo without `--today`), the script
# moves its last year's roadmaps, assignments, periods (I полугодие due in 4 days) and measures' terms to the
# running year, so that digests have something to say. Environment: OPORA_BIN (default .build/release/opora),
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
running=$(python3 -c 'import datetime; d=datetime.datetime.utcnow()+datetime.timedelta(hours=3); print(d.year if d.month>=9 else d.year-1)')
last=$(sqlite3 "$DB" "SELECT MAX(schoolYear) FROM roadmap")
if [[ $last -lt $running ]]; then
  shift=$((running - last))
  due=$(python3 -c 'import datetime; print((datetime.datetime.utcnow()+datetime.timedelta(hours=3, days=4)).date())')
  sqlite3 "$DB" "
    UPDATE roadmap SET schoolYear = $running WHERE schoolYear = $last;
    UPDATE curatorAssignment SET schoolYear = $running WHERE schoolYear = $last;
    UPDATE reportPeriod SET schoolYear = $running, dueDate = CASE half WHEN 1 THEN '$due' ELSE '$((running + 1))-06-20' END WHERE schoolYear = $last;
    UPDATE measure SET dueFrom = (CAST(substr(dueFrom, 1, 4) AS INTEGER) + $shift) || substr(dueFrom, 5),
                       dueTo = (CAST(substr(dueTo, 1, 4) AS INTEGER) + $shift) || substr(dueTo, 5)
    WHERE dueTo IS NOT NULL AND roadmapId IN (SELECT id FROM roadmap WHERE schoolYear = $running);"
  echo "digest-bench: moved $last/$((last + 1)) to $running/$((running + 1))" >&2
fi
users=$(sqlite3 "$DB" "SELECT COUNT(*) FROM user WHERE mailPreference = 'digest' AND email IS NOT NULL")
for run in $(seq 1 "$RUNS"); do
  start=$(date +%s.%N)
  "$BIN" send-digests --db "$DB" --dry-run > "$TMP/digests.txt" 2> "$TMP/summary.txt"
  end=$(date +%s.%N)
  printf 'digest-bench: run %d: %s users, %s s wall; %s\n' "$run" "$users" "$(python3 -c "print(round($end - $start, 2))")" "$(cat "$TMP/summary.txt")"
done
