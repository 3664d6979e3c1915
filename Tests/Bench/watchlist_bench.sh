#!/usr/bin/env bash
# Watchlist rules and silent schools (issue 14) on the 2,000-school synthetic region: the dashboards with every rule
# on against the same pages with the rules off, and the school list with and without «нет активности N дней».
# The synthetic region runs to the running school year, which the rules evaluate.
#
#   Tests/Bench/watchlist_bench.sh   (OPORA_BIN=.build/debug/opora for a debug build)
#
# Environment: OPORA_BIN (default .build/release/opora), BENCH_SCHOOLS (2000), BENCH_RUNS (20), HOST (127.0.0.1),
# WATCH_PORT (18093), BENCH_KEEP=1. Appends a Markdown table to bench-out/watchlist.md.
set -euo pipefail
SCHOOLS=${BENCH_SCHOOLS:-2000}
RUNS=${BENCH_RUNS:-20}
NAME=watchlist-bench PORT=${WATCH_PORT:-18093} TOOLS="curl python3 sqlite3 timeout"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB=$TMP/bench.sqlite
log "synthetic region: $SCHOOLS schools"
timeout 900 "$BIN" demo --db "$DB" --schools "$SCHOOLS" --seed 1 >"$TMP/demo.log" 2>&1 || { tail -20 "$TMP/demo.log" >&2; die "opora demo failed"; }

MONTH=$(TZ=Europe/Moscow date +%-m); YEAR=$(TZ=Europe/Moscow date +%Y)
RUNNING=$(( MONTH >= 9 ? YEAR : YEAR - 1 ))
read -r MUNICIPALITY MSCHOOLS < <(sqlite3 -separator ' ' "$DB" "
  SELECT s.municipalityId, COUNT(*) FROM schoolStatus ss JOIN school s ON s.id = ss.schoolId
  WHERE ss.schoolYear = $RUNNING AND ss.flag <> 'partner' GROUP BY s.municipalityId ORDER BY COUNT(*) DESC LIMIT 1")
MLOGIN=$(sqlite3 "$DB" "SELECT login FROM user WHERE role = 'municipal' AND municipalityId = $MUNICIPALITY ORDER BY id LIMIT 1")
IN_PROGRAMME=$(sqlite3 "$DB" "SELECT COUNT(DISTINCT schoolId) FROM schoolStatus WHERE schoolYear = $RUNNING AND flag <> 'partner'")
MEASURES=$(sqlite3 "$DB" "SELECT COUNT(*) FROM measure m JOIN roadmap r ON r.id = m.roadmapId WHERE r.schoolYear = $RUNNING")
AUDIT=$(sqlite3 "$DB" "SELECT COUNT(*) FROM auditEntry")
log "running year: $IN_PROGRAMME schools in the programme, $MEASURES measures; $AUDIT audit entries; municipality $MUNICIPALITY ($MLOGIN, $MSCHOOLS in the programme)"

start_server "$DB"

signin region "$TMP/region.jar"
signin "$MLOGIN" "$TMP/mun.jar"

# timing JAR URL: RUNS sequential requests after one warm-up; prints "median p90 max bytes" (milliseconds).
timing() {
  local jar=$1 url=$2 out=$TMP/times
  curl -sS -b "$jar" -o /dev/null "$url"
  : >"$out"
  for ((i = 0; i < RUNS; i++)); do
    curl -sS -b "$jar" -o "$TMP/body" -w '%{http_code} %{time_total} %{size_download}\n' "$url" >>"$out"
  done
  python3 - "$out" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
bad = [r for r in rows if r[0] != "200"]
if bad: sys.exit(f"non-200 answers: {bad[:3]}")
t = sorted(float(r[1]) * 1000 for r in rows)
print(f"{t[len(t)//2]:.1f} {t[min(len(t)-1, int(len(t)*0.9))]:.1f} {t[-1]:.1f} {rows[-1][2]}")
PY
}
flags() { grep -c '<tr id="flag-' "$TMP/body" || true; }

declare -a LINES
measure() {  # measure LABEL JAR URL
  local med p90 max bytes
  read -r med p90 max bytes < <(timing "$2" "$3")
  LINES+=("| $1 | $med | $p90 | $max | $bytes | $(flags) |")
  log "$1: median $med ms, p90 $p90 ms, max $max ms, $bytes bytes, $(flags) flags"
}
measure "region dashboard, rules off" "$TMP/region.jar" "$BASE/"
measure "municipal dashboard, rules off" "$TMP/mun.jar" "$BASE/"
# Every rule on for the region, thresholds low enough that many schools trip them.
NOW=$(date -u '+%Y-%m-%d %H:%M:%S.000')
sqlite3 "$DB" "
  INSERT INTO watchRule (municipalityId, rule, isEnabled, threshold, byDate, updatedAt) VALUES
    (NULL, 'overdueMeasures', 1, 1, NULL, '$NOW'), (NULL, 'lateReport', 1, 0, NULL, '$NOW'), (NULL, 'returnedReport', 1, 1, NULL, '$NOW'),
    (NULL, 'silent', 1, 30, NULL, '$NOW'), (NULL, 'roadmapNotApproved', 1, NULL, '$RUNNING-10-01', '$NOW'),
    (NULL, 'highRiskFactors', 1, 2, NULL, '$NOW'), (NULL, 'identifiedTwice', 1, NULL, NULL, '$NOW');"
measure "region dashboard, all 7 rules on" "$TMP/region.jar" "$BASE/"
measure "municipal dashboard, all 7 rules on" "$TMP/mun.jar" "$BASE/"
measure "school list (region, $SCHOOLS rows)" "$TMP/region.jar" "$BASE/schools"
measure "school list, ?silent=30" "$TMP/region.jar" "$BASE/schools?silent=30"

LOAD=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
mkdir -p bench-out
{
  echo
  echo "### Watchlist rules and silent schools, $(date -u '+%Y-%m-%d %H:%M UTC') (load $LOAD, $(nproc) cores, $(basename "$(dirname "$BIN")") build)"
  echo
  echo "Synthetic region of $SCHOOLS schools, running year $RUNNING/$((RUNNING + 1)): $IN_PROGRAMME schools in the programme, $MEASURES measures, $AUDIT audit entries; $RUNS sequential requests each after a warm-up; municipal coordinator $MLOGIN."
  echo
  echo "| request | median ms | p90 ms | max ms | bytes | flags shown |"
  echo "|---|---:|---:|---:|---:|---:|"
  printf '%s\n' "${LINES[@]}"
} | tee -a bench-out/watchlist.md
