# The start every server benchmark shares; sourced after `set -euo pipefail` with NAME (messages' prefix), PORT and
# TOOLS (commands it needs) set. Gives ROOT, BIN, HOST, TMP (removed on exit unless BENCH_KEEP=1), die, log,
# start_server DB (serves DB on HOST:PORT, waits for /healthz, sets BASE) and signin LOGIN JAR.
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
BIN=${OPORA_BIN:-.build/release/opora}
[[ $BIN == /* ]] || BIN=$ROOT/$BIN
HOST=${HOST:-127.0.0.1}
die() { echo "$NAME: $*" >&2; exit 1; }
log() { echo "$NAME: $*" >&2; }
[[ -x $BIN ]] || die "$BIN not found: run 'make release'"
for tool in $TOOLS; do command -v "$tool" >/dev/null || die "$tool not found: run 'make bench-deps'"; done
if (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; then die "port $PORT on $HOST is already in use"; fi

TMP=$(mktemp -d "/tmp/opora-$NAME.XXXXXX")
SERVER_PID=""
cleanup() {
  local rc=$?
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ ${BENCH_KEEP:-0} == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
  exit "$rc"
}
trap cleanup EXIT

start_server() {  # start_server DB
  "$BIN" serve --db "$1" --host "$HOST" --port "$PORT" >/dev/null 2>"$TMP/server.log" &
  SERVER_PID=$!
  for ((i = 0; i < 600; i++)); do
    curl -fsS -o /dev/null --max-time 2 "http://$HOST:$PORT/healthz" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited"
    sleep 0.1
  done
  BASE=http://$HOST:$PORT
}

signin() {  # signin LOGIN JAR: a demo account's session in the cookie jar
  curl -fsS -c "$2" -b "$2" -o "$TMP/login.html" "$BASE/login"
  local csrf status
  csrf=$(python3 -c 'import re,sys; print(re.search(r"name=\"_csrf\" value=\"([^\"]+)\"", open(sys.argv[1]).read()).group(1))' "$TMP/login.html")
  status=$(curl -sS -c "$2" -b "$2" -o /dev/null -w '%{http_code}' -H "Origin: $BASE" -H "Referer: $BASE/login" \
    --data-urlencode "login=$1" --data-urlencode "password=opora-demo" --data-urlencode "_csrf=$csrf" "$BASE/login")
  [[ $status == 303 ]] || die "login of $1 answered $status"
}
