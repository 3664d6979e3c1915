#!/usr/bin/env bash
# Results import benchmark: `opora import-results` of the synthetic region's results (2,000 schools ×
# 5 years, written to XLSX by our writer through `opora export-results`) into a database holding the
# schools but no results, beside `sqlite3 .import` of the same rows as CSV into an equivalent table
# (same columns, types, unique key and index), in the same run. Targets (issue 16): from XLSX ≤ 2× sqlite3, from
# CSV ≤ 1.5×, a re-import of unchanged data ≤ 1×; peak RSS of the XLSX import under 200 MB.
#
#   Tests/Bench/import_bench.sh   (normally through `make bench`)
#
# Environment: OPORA_BIN (default .build/release/opora), BENCH_SCHOOLS (2000), BENCH_YEARS (5), BENCH_KEEP=1.
# Appends a Markdown table to bench-out/import.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
BIN=${OPORA_BIN:-.build/release/opora}
[[ $BIN == /* ]] || BIN=$ROOT/$BIN
SCHOOLS=${BENCH_SCHOOLS:-2000}
YEARS=${BENCH_YEARS:-5}
die() { echo "import-bench: $*" >&2; exit 1; }
log() { echo "import-bench: $*" >&2; }
[[ -x $BIN ]] || die "$BIN not found: run 'make release'"
command -v sqlite3 >/dev/null || die "sqlite3 not found: run 'make bench-deps'"

TMP=$(mktemp -d /tmp/opora-import-bench.XXXXXX)
cleanup() { if [[ ${BENCH_KEEP:-0} == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi; }
trap cleanup EXIT
now() { date +%s.%N; }
# measure OUT CMD...: runs CMD (stdout to OUT, stderr to OUT.err); prints "wall cpu rss": seconds (cpu = user + sys of
# the command, so figures taken on a busy machine can still be compared) and its peak resident set in MB.
measure() {
  local out=$1; shift
  python3 - "$out" "$@" <<'PY'
import resource, subprocess, sys, time
out = sys.argv[1]
start = time.monotonic()
with open(out, "wb") as o, open(out + ".err", "wb") as e:
    code = subprocess.call(sys.argv[2:], stdout=o, stderr=e, timeout=900)
wall = time.monotonic() - start
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{wall:.2f} {r.ru_utime + r.ru_stime:.2f} {r.ru_maxrss / 1024:.0f}")
sys.exit(code)
PY
}
elapsed() { python3 -c "print(f'{$2 - $1:.2f}')"; }

LOAD=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
log "synthetic region: $SCHOOLS schools, $YEARS years"
timeout 600 "$BIN" demo --db "$TMP/source.sqlite" --schools "$SCHOOLS" --years "$YEARS" >/dev/null
timeout 600 "$BIN" export-results --db "$TMP/source.sqlite" --out "$TMP/results.xlsx"
timeout 600 "$BIN" export-results --db "$TMP/source.sqlite" --out "$TMP/results.csv"
ROWS=$(sqlite3 "$TMP/source.sqlite" "SELECT count(*) FROM result")
log "$ROWS results; XLSX $(du -h "$TMP/results.xlsx" | cut -f1), CSV $(du -h "$TMP/results.csv" | cut -f1)"

# The target: the same schools and catalogue, no results.
cp "$TMP/source.sqlite" "$TMP/target.sqlite"
sqlite3 "$TMP/target.sqlite" "DELETE FROM resultImportChange; DELETE FROM result; DELETE FROM resultImport; VACUUM;"
cp "$TMP/target.sqlite" "$TMP/target-csv.sqlite"

# sqlite3 .import into an equivalent table: the file's columns typed, its unique key, an index.
cat > "$TMP/plain.sql" <<'SQL'
CREATE TABLE result (
  municipality TEXT NOT NULL, code TEXT, school TEXT NOT NULL, schoolYear TEXT NOT NULL, family TEXT NOT NULL,
  subject TEXT NOT NULL, grade INTEGER, participants INTEGER NOT NULL, mark2 INTEGER, mark3 INTEGER, mark4 INTEGER,
  mark5 INTEGER, belowMinimum INTEGER, meanScore REAL, lowered INTEGER, confirmed INTEGER, raised INTEGER,
  UNIQUE (code, family, subject, grade, schoolYear)
);
CREATE INDEX result_year ON result(schoolYear, family, subject, code, participants, mark2, belowMinimum);
SQL
sqlite3 "$TMP/plain.sqlite" < "$TMP/plain.sql"

read -r SQLITE_S SQLITE_CPU SQLITE_RSS < <(measure "$TMP/sqlite.out" sqlite3 "$TMP/plain.sqlite" -cmd ".mode csv" -cmd ".separator ;" \
  ".import --skip 1 $TMP/results.csv result" || true)
PLAIN_ROWS=$(sqlite3 "$TMP/plain.sqlite" "SELECT count(*) FROM result")

read -r OURS_S OURS_CPU OURS_RSS < <(OPORA_IMPORT_TIMING=1 measure "$TMP/import.out" "$BIN" import-results --db "$TMP/target.sqlite" "$TMP/results.xlsx")
cp "$TMP/import.out.err" "$TMP/phases"
IMPORTED=$(sqlite3 "$TMP/target.sqlite" "SELECT count(*) FROM result")
read -r CSV_S CSV_CPU CSV_RSS < <(measure "$TMP/import-first-csv.out" "$BIN" import-results --db "$TMP/target-csv.sqlite" "$TMP/results.csv")
read -r AGAIN_S AGAIN_CPU AGAIN_RSS < <(measure "$TMP/import-csv.out" "$BIN" import-results --db "$TMP/target.sqlite" "$TMP/results.csv")
read -r AGAINX_S AGAINX_CPU AGAINX_RSS < <(measure "$TMP/import-xlsx.out" "$BIN" import-results --db "$TMP/target.sqlite" "$TMP/results.xlsx")
read -r DRY_S DRY_CPU DRY_RSS < <(measure "$TMP/dry.out" "$BIN" import-results --dry-run --db "$TMP/source.sqlite" "$TMP/results.xlsx")

ratio() { python3 -c "print(f'{$1 / max($2, 0.01):.2f}')"; }
RATIO=$(ratio "$OURS_S" "$SQLITE_S"); CPU_RATIO=$(ratio "$OURS_CPU" "$SQLITE_CPU")
CSV_RATIO=$(ratio "$CSV_S" "$SQLITE_S"); CSV_CPU_RATIO=$(ratio "$CSV_CPU" "$SQLITE_CPU")
AGAIN_RATIO=$(ratio "$AGAIN_S" "$SQLITE_S"); AGAIN_CPU_RATIO=$(ratio "$AGAIN_CPU" "$SQLITE_CPU")
AGAINX_RATIO=$(ratio "$AGAINX_S" "$SQLITE_S")
mkdir -p "$ROOT/bench-out"
{
  echo "## Results import ($ROWS rows: $SCHOOLS schools × $YEARS years)"
  echo
  echo "| Case | Rows | Wall s | CPU s | Peak RSS MB | Wall ÷ sqlite3 | Target |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  echo "| sqlite3 .import of the CSV into an equivalent table | $PLAIN_ROWS | $SQLITE_S | $SQLITE_CPU | $SQLITE_RSS | 1 | |"
  echo "| opora import-results of the XLSX (parse, match, validate, write, record) | $IMPORTED | $OURS_S | $OURS_CPU | $OURS_RSS | $RATIO | ≤ 2, RSS < 200 |"
  echo "| opora import-results of the same CSV into an empty database | $ROWS | $CSV_S | $CSV_CPU | $CSV_RSS | $CSV_RATIO | ≤ 1.5 |"
  echo "| opora import-results of the CSV again (all unchanged) | $ROWS | $AGAIN_S | $AGAIN_CPU | $AGAIN_RSS | $AGAIN_RATIO | ≤ 1 |"
  echo "| opora import-results of the XLSX again (all unchanged) | $ROWS | $AGAINX_S | $AGAINX_CPU | $AGAINX_RSS | $AGAINX_RATIO | |"
  echo "| opora import-results --dry-run of the XLSX (preview only) | $ROWS | $DRY_S | $DRY_CPU | $DRY_RSS | | |"
  echo
  echo "Ours / sqlite3 (wall, CPU): XLSX **${RATIO}×**, ${CPU_RATIO}× (target ≤ 2×); CSV **${CSV_RATIO}×**, ${CSV_CPU_RATIO}× (≤ 1.5×);"
  echo "unchanged CSV again **${AGAIN_RATIO}×**, ${AGAIN_CPU_RATIO}× (≤ 1×). Load average at the start: $LOAD."
  echo
  echo "Phases of the XLSX import (cumulative): $(tr '\n' ' ' < "$TMP/phases")— read = XLSX parse (Spreadsheet), preview = header"
  echo "mapping, matching and validation, commit = one transaction of prepared inserts (updated rows keep a change row, the inserted ones one packed BLOB)."
  echo
  head -3 "$TMP/import.out" | sed 's/^/    /'
} | tee "$ROOT/bench-out/import.md"
[[ $IMPORTED == "$ROWS" ]] || die "imported $IMPORTED of $ROWS rows"
