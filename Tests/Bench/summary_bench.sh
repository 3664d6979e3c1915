#!/usr/bin/env bash
# Summary report («итоговая справка») benchmark: generation time of the report of the synthetic region's
# largest-programme municipality over 5 school years, as the page (HTML) and as the workbook (XLSX), against a
# release server on a 2,000-school synthetic region (`opora demo --schools 2000 --years 5`), signed in as `region`;
# also the same report for the whole region's largest municipality as a cold first request.
#
#   Tests/Bench/summary_bench.sh   (normally through `make bench`)
#
# Environment: OPORA_BIN (default .build/release/opora), BENCH_SCHOOLS (2000), BENCH_YEARS (5), BENCH_RUNS (20),
# HOST (127.0.0.1), PORT (18091), BENCH_KEEP=1. Appends a Markdown table to bench-out/summary.md.
set -euo pipefail
SCHOOLS=${BENCH_SCHOOLS:-2000}
YEARS=${BENCH_YEARS:-5}
RUNS=${BENCH_RUNS:-20}
NAME=summary-bench PORT=${SUMMARY_PORT:-18091} TOOLS="curl python3 sqlite3 timeout"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

log "synthetic region: $SCHOOLS schools, $YEARS years"
timeout 900 "$BIN" demo --db "$TMP/bench.sqlite" --schools "$SCHOOLS" --years "$YEARS" --seed 1 >"$TMP/demo.log" 2>&1 \
  || { tail -20 "$TMP/demo.log" >&2; die "opora demo failed"; }
# The municipality with the most (school, year) pairs on the ШНОР list, and the years of the statuses.
read -r MUNICIPALITY PAIRS < <(sqlite3 -separator ' ' "$TMP/bench.sqlite" "
  SELECT s.municipalityId, COUNT(*) FROM schoolStatus ss JOIN school s ON s.id = ss.schoolId
  WHERE ss.flag = 'lowResults' GROUP BY s.municipalityId ORDER BY COUNT(*) DESC, s.municipalityId LIMIT 1")
read -r FIRST LAST < <(sqlite3 -separator ' ' "$TMP/bench.sqlite" "SELECT MIN(schoolYear), MAX(schoolYear) FROM schoolStatus")
(( LAST - FIRST + 1 > 5 )) && FIRST=$((LAST - 4))
MSCHOOLS=$(sqlite3 "$TMP/bench.sqlite" "SELECT COUNT(*) FROM school WHERE municipalityId = $MUNICIPALITY")
RESULTS=$(sqlite3 "$TMP/bench.sqlite" "SELECT COUNT(*) FROM result")
log "municipality $MUNICIPALITY: $MSCHOOLS schools, $PAIRS ШНОР school-years; range $FIRST–$LAST; $RESULTS results in the region"

start_server "$TMP/bench.sqlite"

JAR=$TMP/cookies.txt
signin region "$JAR"

# timing URL: RUNS sequential requests; prints "median p90 max bytes" (milliseconds).
timing() {
  local url=$1 out=$TMP/times
  : >"$out"
  for ((i = 0; i < RUNS; i++)); do
    curl -sS -b "$JAR" -o "$TMP/body" -w '%{http_code} %{time_total} %{size_download}\n' "$url" >>"$out"
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
PAGE="$BASE/municipalities/$MUNICIPALITY/summary?from=$FIRST&to=$LAST"
BOOK="$BASE/municipalities/$MUNICIPALITY/summary.xlsx?from=$FIRST&to=$LAST"
COLD=$(curl -sS -b "$JAR" -o /dev/null -w '%{time_total}' "$PAGE" | awk '{printf "%.1f", $1 * 1000}')
read -r PAGE_MED PAGE_P90 PAGE_MAX PAGE_BYTES < <(timing "$PAGE")
read -r BOOK_MED BOOK_P90 BOOK_MAX BOOK_BYTES < <(timing "$BOOK")
LOAD=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
log "page: median $PAGE_MED ms, p90 $PAGE_P90 ms, max $PAGE_MAX ms ($PAGE_BYTES bytes); first request $COLD ms"
log "xlsx: median $BOOK_MED ms, p90 $BOOK_P90 ms, max $BOOK_MAX ms ($BOOK_BYTES bytes)"

mkdir -p bench-out
{
  echo
  echo "### Summary report, $(date -u '+%Y-%m-%d %H:%M UTC') (load $LOAD, $(nproc) cores)"
  echo
  echo "Synthetic region of $SCHOOLS schools, $YEARS years ($RESULTS results); municipality $MUNICIPALITY ($MSCHOOLS schools, $PAIRS ШНОР school-years), $FIRST/$((FIRST + 1))–$LAST/$((LAST + 1)); $RUNS sequential requests each, release build."
  echo
  echo "| request | median ms | p90 ms | max ms | bytes |"
  echo "|---|---:|---:|---:|---:|"
  echo "| page (HTML), first request | $COLD | | | |"
  echo "| page (HTML) | $PAGE_MED | $PAGE_P90 | $PAGE_MAX | $PAGE_BYTES |"
  echo "| workbook (XLSX) | $BOOK_MED | $BOOK_P90 | $BOOK_MAX | $BOOK_BYTES |"
} | tee -a bench-out/summary.md
