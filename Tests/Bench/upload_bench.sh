#!/usr/bin/env bash
# Document upload/download benchmark: a 25 MiB PDF uploaded as a document (multipart, checked by content,
# SHA-256, stored in SQLite) and downloaded again with curl against a release server on loopback; prints the
# throughput and the server's peak RSS (VmHWM) before and after each step.
#
#   Tests/Bench/upload_bench.sh      (after `make release`)
#
# Environment: OPORA_BIN (default .build/release/opora), BENCH_PORT (18090), BENCH_KEEP=1 keeps the temp folder.
# Target (issue 6): the RSS grows by less than 2× the file size during the upload.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
BIN=${OPORA_BIN:-.build/release/opora}
[[ $BIN == /* ]] || BIN=$ROOT/$BIN
PORT=${BENCH_PORT:-18090}
BASE=http://127.0.0.1:$PORT
die() { echo "upload-bench: $*" >&2; exit 1; }
log() { echo "upload-bench: $*" >&2; }
[[ -x $BIN ]] || die "$BIN not found: run 'make release'"

TMP=$(mktemp -d /tmp/opora-upload-bench.XXXXXX)
SERVER_PID=
cleanup() {
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  if [[ ${BENCH_KEEP:-0} == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

timeout 600 "$BIN" demo --db "$TMP/bench.sqlite" >"$TMP/demo.log" 2>&1 || { tail -20 "$TMP/demo.log" >&2; die "opora demo failed"; }
"$BIN" serve --db "$TMP/bench.sqlite" --host 127.0.0.1 --port "$PORT" >/dev/null 2>"$TMP/server.log" &
SERVER_PID=$!
for _ in $(seq 50); do curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break; sleep 0.2; done
hwm() { awk '/^VmHWM:/ { print $2 }' "/proc/$SERVER_PID/status"; }
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status"; }

JAR=$TMP/cookies.txt
csrf() { python3 -c 'import re,sys; m=re.search(r"name=\"_csrf\" value=\"([^\"]+)\"", open(sys.argv[1]).read()); print(m.group(1) if m else "")' "$1"; }
curl -fsS -c "$JAR" -b "$JAR" -o "$TMP/login.html" "$BASE/login"
TOKEN=$(csrf "$TMP/login.html")
STATUS=$(curl -sS -c "$JAR" -b "$JAR" -o /dev/null -w '%{http_code}' -H "Origin: $BASE" \
  --data-urlencode "login=director-ku" --data-urlencode "password=opora-demo" --data-urlencode "_csrf=$TOKEN" "$BASE/login")
[[ $STATUS == 303 ]] || die "login answered $STATUS"
SCHOOL=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT schoolId FROM user WHERE login = ?", ("director-ku",)).fetchone()[0])' "$TMP/bench.sqlite")
curl -fsS -c "$JAR" -b "$JAR" -o "$TMP/documents.html" "$BASE/schools/$SCHOOL/documents"
TOKEN=$(csrf "$TMP/documents.html")

# A 25 MiB PDF (header + random bytes: nothing compresses).
SIZE=$((25 * 1024 * 1024))
python3 - "$TMP/big.pdf" "$SIZE" <<'PY'
import os, sys
head = b"%PDF-1.7\n"
with open(sys.argv[1], "wb") as f:
    f.write(head); f.write(os.urandom(int(sys.argv[2]) - len(head)))
PY
SHA=$(sha256sum "$TMP/big.pdf" | cut -d' ' -f1)

HWM0=$(hwm); RSS0=$(rss)
read -r UP_CODE UP_S < <(curl -sS -c "$JAR" -b "$JAR" -o "$TMP/upload.out" -w '%{http_code} %{time_total}\n' -H "Origin: $BASE" \
  -F "_csrf=$TOKEN" -F "year=2023" -F "kind=1" -F "file=@$TMP/big.pdf;filename=Концепция развития.pdf;type=application/pdf" \
  "$BASE/schools/$SCHOOL/documents")
[[ $UP_CODE == 303 ]] || { head -c 2000 "$TMP/upload.out" >&2; die "upload answered $UP_CODE"; }
HWM1=$(hwm); RSS1=$(rss)
VERSION=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT MAX(id) FROM documentVersion").fetchone()[0])' "$TMP/bench.sqlite")
read -r DOWN_CODE DOWN_S < <(curl -sS -c "$JAR" -b "$JAR" -o "$TMP/download.pdf" -w '%{http_code} %{time_total}\n' \
  "$BASE/documents/versions/$VERSION/download")
[[ $DOWN_CODE == 200 ]] || die "download answered $DOWN_CODE"
HWM2=$(hwm); RSS2=$(rss)
[[ $(sha256sum "$TMP/download.pdf" | cut -d' ' -f1) == "$SHA" ]] || die "downloaded bytes differ"

python3 - "$SIZE" "$UP_S" "$DOWN_S" "$HWM0" "$HWM1" "$HWM2" "$RSS0" "$RSS1" "$RSS2" <<'PY'
import sys
size, up, down = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
h0, h1, h2, r0, r1, r2 = map(int, sys.argv[4:10])
mib = size / 2**20
print(f"## Document upload/download ({mib:.0f} MiB PDF, loopback, release build)")
print()
print("| Step | Time s | MiB/s | VmHWM after, MiB | VmRSS after, MiB |")
print("|---|---:|---:|---:|---:|")
print(f"| before | | | {h0/1024:.1f} | {r0/1024:.1f} |")
print(f"| upload (multipart, type check, SHA-256, one transaction) | {up:.2f} | {mib/up:.1f} | {h1/1024:.1f} | {r1/1024:.1f} |")
print(f"| download (same bytes, SHA-256 checked) | {down:.2f} | {mib/down:.1f} | {h2/1024:.1f} | {r2/1024:.1f} |")
print()
print(f"Peak RSS growth during the upload: {(h1-h0)/1024:.1f} MiB = {(h1-h0)*1024/size:.2f}× the file (target < 2×); "
      f"during the download: {(h2-h1)/1024:.1f} MiB.")
PY
