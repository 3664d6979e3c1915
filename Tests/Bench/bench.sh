#!/usr/bin/env bash
# Opora benchmark: our server against nginx serving the very same bytes, on loopback only.
#
#   Tests/Bench/bench.sh            (normally through `make bench`, which builds the release binary)
#
# Environment:
#   OPORA_BIN       the server binary (default .build/release/opora)
#   BENCH_DURATION  wrk duration per case (default 10s)
#   BENCH_CONNS     wrk connections (default 64); BENCH_THREADS wrk threads (default 2)
#   BENCH_IDLE      idle keep-alive connections held during the last case (default 2000)
#   BENCH_SCHOOLS   schools in the synthetic database (default 2000)
#   BENCH_SERVER_LOG  where the server's stderr (access log) goes (default /dev/null)
#   BENCH_KEEP=1    keep the temporary folder
#   BENCH_PORT, BENCH_NGINX_PORT  loopback ports (default 18080 and 18081)
#
# Prints a Markdown table and writes it to bench-out/bench.md. Every step is bounded in time; the
# servers are stopped by pid on exit. Ports: 18080 (ours) and 18081 (nginx) on 127.0.0.1 unless set.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD

BIN=${OPORA_BIN:-.build/release/opora}
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNS:-64}
THREADS=${BENCH_THREADS:-2}
IDLE=${BENCH_IDLE:-2000}
SCHOOLS=${BENCH_SCHOOLS:-2000}
SERVER_LOG=${BENCH_SERVER_LOG:-/dev/null}
HOST=127.0.0.1
PORT=${BENCH_PORT:-18080}
NGINX_PORT=${BENCH_NGINX_PORT:-18081}
OURS="http://$HOST:$PORT"
THEIRS="http://$HOST:$NGINX_PORT"
OUT_DIR=$ROOT/bench-out

die() { echo "bench: $*" >&2; exit 1; }
log() { echo "bench: $*" >&2; }

# ---------------------------------------------------------------- preconditions
[[ $BIN == /* ]] || BIN=$ROOT/$BIN
[[ -x $BIN ]] || die "$BIN not found: run 'make release' (or set OPORA_BIN)"
NGINX=$(command -v nginx || true)
[[ -n $NGINX ]] || { [[ -x /usr/sbin/nginx ]] && NGINX=/usr/sbin/nginx; } || die "nginx not found: run 'make bench-deps'"
for tool in wrk curl python3 timeout; do
  command -v "$tool" >/dev/null || die "$tool not found: run 'make bench-deps'"
done
port_busy() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }
for p in "$PORT" "$NGINX_PORT"; do
  if port_busy "$p"; then die "port $p on $HOST is already in use"; fi
done

# Many sockets: the server, nginx and the idle clients inherit this limit.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
NOFILE=$(ulimit -n)
if [[ $NOFILE != unlimited ]] && (( NOFILE < IDLE + 256 )); then
  log "warning: ulimit -n is $NOFILE, below $IDLE idle connections + headroom"
fi

TMP=$(mktemp -d /tmp/opora-bench.XXXXXX)
SERVER_PID="" NGINX_PID="" IDLE_PID=""
stop_pid() {  # stop_pid PID: TERM, wait up to 10 s, then KILL
  local pid=$1 i
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$IDLE_PID"
  if [[ -f $TMP/nginx.pid ]]; then NGINX_PID=$(cat "$TMP/nginx.pid" 2>/dev/null || echo "$NGINX_PID"); fi
  stop_pid "$NGINX_PID"
  stop_pid "$SERVER_PID"
  if [[ ${BENCH_KEEP:-0} == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "bench: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
trap 'exit 130' INT TERM

wait_http() {  # wait_http URL SECONDS PID: until URL answers 200, or PID dies, or time runs out
  local url=$1 secs=$2 pid=$3 i
  for ((i = 0; i < secs * 10; i++)); do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return 0; fi
    kill -0 "$pid" 2>/dev/null || die "process $pid exited before $url answered"
    sleep 0.1
  done
  die "$url did not answer within $secs s"
}

# ---------------------------------------------------------------- our server with a synthetic region
log "creating a synthetic database: $SCHOOLS schools, 4 years (seed 1)"
t0=$(date +%s.%N)
timeout 900 "$BIN" demo --db "$TMP/bench.sqlite" --schools "$SCHOOLS" --years 4 --seed 1 >"$TMP/demo.log" 2>&1 \
  || { tail -20 "$TMP/demo.log" >&2; die "opora demo failed"; }
DEMO_SECONDS=$(echo "$t0 $(date +%s.%N)" | awk '{printf "%.1f", $2 - $1}')
DB_MB=$(du -m "$TMP/bench.sqlite" | cut -f1)

log "starting opora serve on $OURS"
"$BIN" serve --db "$TMP/bench.sqlite" --host "$HOST" --port "$PORT" >/dev/null 2>"$SERVER_LOG" &
SERVER_PID=$!
wait_http "$OURS/healthz" 60 "$SERVER_PID"

# ---------------------------------------------------------------- log in as `region`
JAR=$TMP/cookies.txt
curl -fsS --max-time 10 -c "$JAR" -b "$JAR" -o "$TMP/login.html" "$OURS/login" || die "GET /login failed"
CSRF=$(python3 - "$TMP/login.html" <<'PY'
import sys
from html.parser import HTMLParser

class P(HTMLParser):
    value = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") == "_csrf" and self.value is None:
            self.value = a.get("value") or ""

p = P()
p.feed(open(sys.argv[1], encoding="utf-8", errors="replace").read())
if p.value is None:
    sys.exit("no _csrf input on /login")
print(p.value)
PY
) || die "could not read _csrf from /login"
STATUS=$(curl -sS --max-time 30 -c "$JAR" -b "$JAR" -D "$TMP/login.headers" -o /dev/null -w '%{http_code}' \
  -H "Origin: $OURS" -H "Referer: $OURS/login" \
  --data-urlencode "login=region" --data-urlencode "password=opora-demo" --data-urlencode "_csrf=$CSRF" \
  "$OURS/login") || die "POST /login failed"
[[ $STATUS == 303 ]] || die "POST /login answered $STATUS, expected 303"
SESSION=$(awk -F'\t' '$6 == "opora_session" { v = $7 } END { print v }' "$JAR")
[[ -n $SESSION ]] || die "no opora_session cookie after logging in"
COOKIE="Cookie: opora_session=$SESSION"

# ---------------------------------------------------------------- the same bytes for nginx
WWW=$TMP/www
mkdir -p "$WWW"
STATUS=$(curl -sS --max-time 30 -H "$COOKIE" -o "$WWW/schools" -w '%{http_code}' "$OURS/schools")
[[ $STATUS == 200 ]] || die "GET /schools with the session answered $STATUS"
curl -fsS --max-time 10 -o "$WWW/healthz" "$OURS/healthz"
SCHOOLS_BYTES=$(wc -c <"$WWW/schools")
SCHOOLS_ROWS=$( { grep -oE "href=[\"']/schools/[0-9]+[\"']" "$WWW/schools" || true; } | sort -u | wc -l)
log "/schools: $SCHOOLS_BYTES bytes, $SCHOOLS_ROWS school links"
# nginx workers run as nobody: let them read the files.
chmod 755 "$TMP" "$WWW"
chmod 644 "$WWW"/*

cat >"$TMP/nginx.conf" <<EOF
daemon off;
worker_processes 2;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log warn;
events { worker_connections 8192; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 15s;
    keepalive_requests 1000000;
    server_tokens off;
    client_body_temp_path $TMP/nginx-tmp/body;
    proxy_temp_path $TMP/nginx-tmp/proxy;
    fastcgi_temp_path $TMP/nginx-tmp/fastcgi;
    uwsgi_temp_path $TMP/nginx-tmp/uwsgi;
    scgi_temp_path $TMP/nginx-tmp/scgi;
    server {
        listen $HOST:$NGINX_PORT;
        root $WWW;
        location = /healthz { default_type "text/plain; charset=utf-8"; }
        location = /schools { default_type "text/html; charset=utf-8"; }
    }
}
EOF
mkdir -p "$TMP/nginx-tmp"
log "starting nginx on $THEIRS"
"$NGINX" -c "$TMP/nginx.conf" -p "$TMP" -e "$TMP/nginx-error.log" &
NGINX_PID=$!
wait_http "$THEIRS/healthz" 20 "$NGINX_PID"
cmp -s <(curl -fsS "$THEIRS/schools") "$WWW/schools" || die "nginx does not serve the saved /schools bytes"

# ---------------------------------------------------------------- wrk
# run_wrk NAME URL [HEADER]: writes $TMP/wrk-NAME.txt
run_wrk() {
  local name=$1 url=$2 header=${3:-} secs
  secs=${DURATION%s}
  local args=(-t"$THREADS" -c"$CONNS" -d"$DURATION" --latency --timeout 5s)
  [[ -n $header ]] && args+=(-H "$header")
  log "wrk $name: $url"
  timeout $((secs + 60)) wrk "${args[@]}" "$url" >"$TMP/wrk-$name.txt" 2>&1 || {
    cat "$TMP/wrk-$name.txt" >&2; die "wrk $name failed"; }
}
rps() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$TMP/wrk-$1.txt"; }
p99() {  # p99 latency in ms
  awk '$1 == "99%" {
         v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
         f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1
         printf "%.2f", v * f }' "$TMP/wrk-$1.txt"
}
errors() {  # non-2xx/3xx responses and socket errors, or empty
  awk '/Non-2xx or 3xx responses:/ { printf "%s non-2xx; ", $5 }
       /Socket errors:/ { sub(/^ *Socket errors: */, ""); printf "socket errors: %s; ", $0 }' "$TMP/wrk-$1.txt"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# Short warm-ups so that the first measured case is not the first traffic.
wrk -t1 -c4 -d2s "$OURS/healthz" >/dev/null 2>&1 || true
wrk -t1 -c4 -d2s "$THEIRS/healthz" >/dev/null 2>&1 || true

# Dashboards (issue 7): the region's comparison (GET / as `region`) and one municipality's dashboard. The first
# request computes the figures (timed with curl: cold); later ones reuse them until the next write.
DASH_COLD=$(curl -sS --max-time 120 -H "$COOKIE" -o "$TMP/dashboard.html" -w '%{time_total}' "$OURS/") || die "GET / failed"
DASH_MUN=$( { grep -oE "/dashboard/municipalities/[0-9]+" "$TMP/dashboard.html" || true; } | head -1)
[[ -n $DASH_MUN ]] || die "the region's dashboard links to no municipality's dashboard"
DASH_MUN_COLD=$(curl -sS --max-time 120 -H "$COOKIE" -o "$TMP/dashboard-mun.html" -w '%{time_total}' "$OURS$DASH_MUN") || die "GET $DASH_MUN failed"
DASH_MUN_ROWS=$( { grep -oE "<tr id=\"schools-[0-9]+\"" "$TMP/dashboard-mun.html" || true; } | wc -l)
log "dashboards: region first request ${DASH_COLD} s, $DASH_MUN first request ${DASH_MUN_COLD} s ($DASH_MUN_ROWS school rows)"

run_wrk healthz-ours "$OURS/healthz"
run_wrk healthz-nginx "$THEIRS/healthz"
run_wrk schools-ours "$OURS/schools" "$COOKIE"
run_wrk schools-nginx "$THEIRS/schools"
run_wrk dashboard-region "$OURS/" "$COOKIE"
run_wrk dashboard-municipality "$OURS$DASH_MUN" "$COOKIE"

# ---------------------------------------------------------------- idle keep-alive connections
secs=${DURATION%s}
HOLD=$((secs + 3))  # inside the server's 15 s keep-alive idle limit for the default 10 s
log "opening $IDLE idle keep-alive connections to ours"
python3 Tests/Bench/idle_clients.py --host "$HOST" --port "$PORT" -n "$IDLE" --hold "$HOLD" --timeout 60 \
  >"$TMP/idle.txt" 2>"$TMP/idle.err" &
IDLE_PID=$!
for ((i = 0; i < 700; i++)); do
  grep -q '^ready:' "$TMP/idle.txt" 2>/dev/null && break
  kill -0 "$IDLE_PID" 2>/dev/null || break
  sleep 0.1
done
IDLE_READY=$(grep '^ready:' "$TMP/idle.txt" || echo "ready: (helper gave no answer)")
log "$IDLE_READY"
SERVER_FDS=$(find "/proc/$SERVER_PID/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
run_wrk healthz-idle "$OURS/healthz"
SERVER_FDS_AFTER=$(find "/proc/$SERVER_PID/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
for ((i = 0; i < 200; i++)); do kill -0 "$IDLE_PID" 2>/dev/null || break; sleep 0.1; done
wait "$IDLE_PID" 2>/dev/null || true
IDLE_PID=""
IDLE_DONE=$(grep '^done:' "$TMP/idle.txt" || echo "done: (helper gave no answer)")
[[ -s $TMP/idle.err ]] && log "idle helper: $(head -3 "$TMP/idle.err")"
kill -0 "$SERVER_PID" 2>/dev/null || die "our server died during the idle-connections case"
idle_field() { sed -n "s/.*\b$1=\([0-9]*\).*/\1/p" <<<"$2"; }

# ---------------------------------------------------------------- memory
RSS_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$SERVER_PID/status")
RSS_NOW_KB=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status")
NGINX_RSS_KB=0
for pid in $(pgrep -P "$NGINX_PID" 2>/dev/null) "$NGINX_PID"; do
  kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
  NGINX_RSS_KB=$((NGINX_RSS_KB + ${kb:-0}))
done

# ---------------------------------------------------------------- optional template benchmark
TEMPLATE_LINE=""
if [[ -x .build/release/TemplateBench ]]; then
  log "running .build/release/TemplateBench"
  TEMPLATE_LINE=$(timeout 300 .build/release/TemplateBench 2>&1 | tail -5 || echo "TemplateBench failed")
fi

# ---------------------------------------------------------------- report
mkdir -p "$OUT_DIR"
REPORT=$OUT_DIR/bench.md
{
  echo "## Opora benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)." \
       "Load: wrk $(wrk --version 2>&1 | awk 'NR == 1 { print $2 }') -t$THREADS -c$CONNS -d$DURATION on the same machine," \
       "loopback only. nginx $("$NGINX" -v 2>&1 | sed 's|.*nginx/||'), worker_processes 2, access_log off, serving the" \
       "exact bytes our server returned. Database: $SCHOOLS synthetic schools, 4 years, seed 1 ($DB_MB MB, built in ${DEMO_SECONDS} s)."
  echo
  echo "| case | ours req/s | nginx req/s | ratio | ours p99 ms | nginx p99 ms |"
  echo "|---|---:|---:|---:|---:|---:|"
  echo "| GET /healthz | $(rps healthz-ours) | $(rps healthz-nginx) | $(ratio "$(rps healthz-ours)" "$(rps healthz-nginx)") | $(p99 healthz-ours) | $(p99 healthz-nginx) |"
  echo "| GET /schools ($SCHOOLS_ROWS rows, $SCHOOLS_BYTES bytes, as \`region\`) | $(rps schools-ours) | $(rps schools-nginx) | $(ratio "$(rps schools-ours)" "$(rps schools-nginx)") | $(p99 schools-ours) | $(p99 schools-nginx) |"
  echo "| GET / (the region's dashboard: municipalities side by side, as \`region\`; first request ${DASH_COLD} s) | $(rps dashboard-region) | | | $(p99 dashboard-region) | |"
  echo "| GET $DASH_MUN (a municipality's dashboard, $DASH_MUN_ROWS school rows; first request ${DASH_MUN_COLD} s) | $(rps dashboard-municipality) | | | $(p99 dashboard-municipality) | |"
  echo "| GET /healthz with $IDLE idle keep-alive connections open | $(rps healthz-idle) | | | $(p99 healthz-idle) | |"
  echo
  echo "- Idle connections: asked $IDLE; $(idle_field answered "$IDLE_DONE") answered, $(idle_field open_at_end "$IDLE_DONE") still open after ${HOLD} s" \
       "(closed by the server: $(idle_field closed_by_server "$IDLE_DONE")); server file descriptors during the case: $SERVER_FDS before wrk, $SERVER_FDS_AFTER after."
  echo "- Peak RSS of our server (VmHWM) after all runs: $((RSS_KB / 1024)) MiB (now $((RSS_NOW_KB / 1024)) MiB); nginx master + workers: $((NGINX_RSS_KB / 1024)) MiB."
  for c in healthz-ours healthz-nginx schools-ours schools-nginx dashboard-region dashboard-municipality healthz-idle; do
    e=$(errors "$c")
    if [[ -n $e ]]; then echo "- $c: $e"; fi
  done
  if [[ -n $TEMPLATE_LINE ]]; then
    echo "- TemplateBench:"
    echo
    echo '```'
    echo "$TEMPLATE_LINE"
    echo '```'
  fi
} >"$REPORT"
cat "$REPORT"
log "written to $REPORT"
