#!/usr/bin/env bash
# Public page benchmark: req/s of GET /public/municipalities/{id} (Каменск-Уральский of the demo region, the summary
# report 2021/2022–2023/2024 published) at 64 connections, next to GET /healthz in the same run, and the ratio;
# also the conditional request (If-None-Match → 304).
#
#   Tests/Bench/public_bench.sh
#
# Environment: OPORA_BIN (default .build/release/opora), DURATION (5s), THREADS (2), HOST (127.0.0.1), PORT (18093).
# Appends a Markdown table to bench-out/public.md.
set -euo pipefail
DURATION=${DURATION:-5s}
THREADS=${THREADS:-2}
NAME=public-bench PORT=${PUBLIC_PORT:-18093} TOOLS="curl wrk sqlite3"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$BIN" demo --db "$TMP/bench.sqlite" >"$TMP/demo.log" 2>&1 || { tail -20 "$TMP/demo.log" >&2; die "opora demo failed"; }
MID=$(sqlite3 "$TMP/bench.sqlite" "SELECT municipalityId FROM user WHERE login = 'mun-ku'")
sqlite3 "$TMP/bench.sqlite" "INSERT INTO publicPage (municipalityId, isPublic, summaryFrom, summaryTo, updatedAt) VALUES ($MID, 1, 2021, 2023, '2026-01-01 00:00:00.000')"
start_server "$TMP/bench.sqlite"
PAGE=$BASE/public/municipalities/$MID
BYTES=$(curl -fsS -o "$TMP/page.html" -w '%{size_download}' "$PAGE")
ETAG=$(curl -fsS -D - -o /dev/null "$PAGE" | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" {print $2}')
[[ -n $ETAG ]] || die "no ETag"
rps() { wrk -t"$THREADS" -c64 -d"$DURATION" "$@" | awk '/Requests\/sec/ {print $2}'; }
H=$(rps "$BASE/healthz")
P=$(rps "$PAGE")
C=$(rps -H "If-None-Match: $ETAG" "$PAGE")
RATIO=$(python3 -c "print(f'{$P / $H:.2f}')")
RATIO304=$(python3 -c "print(f'{$C / $H:.2f}')")
mkdir -p bench-out
{
  echo "| $(date -u +%Y-%m-%dT%H:%MZ) | /healthz | /public/municipalities/$MID ($BYTES B) | same, If-None-Match → 304 |"
  echo "|---|---|---|---|"
  echo "| req/s at -c64 | $H | $P (×$RATIO of /healthz) | $C (×$RATIO304) |"
} | tee -a bench-out/public.md
