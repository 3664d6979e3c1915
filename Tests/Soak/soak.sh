#!/usr/bin/env bash
# Opora soak test (issue 8): a report deadline's load on the 2,000-school synthetic region.
#
#   Tests/Soak/soak.sh          (normally through `make soak`, which builds the release binary first)
#
# Each of the SOAK_CONNS connections is a person at work: a request, then a pause of 0–1 s (SOAK_THINK_MS, mean
# 500 ms), the next — 200 people each clicking twice a second, far more than a region's deadline brings.
# Phases, each bounded in time:
#   1. mix      SOAK_CONNS (200) keep-alive connections for SOAK_SECONDS (60 s), split over five roles (admin,
#               region, municipal coordinator, curator, director), each a wrk process with a Lua script cycling
#               through that role's pages and one repeatable POST with the session's CSRF token (director: save
#               a report draft; curator: add a comment). RSS of the server sampled every second. `opora backup`
#               runs at a third of the phase; the copy is checked (integrity_check, foreign_key_check, row counts).
#   1b. saturation  the same connections with no pause (a closed loop: each sends its next request the moment the
#               last is answered) for SOAK_SATURATION_SECONDS (30 s): the most the server does, and the queueing
#               delay at that point (latency = connections ÷ throughput). Reported, not a target.
#   2. slowloris SOAK_SLOW (2,000) connections dribbling one header byte every 3 s while the mix runs again
#               for SOAK_SLOW_SECONDS (30 s).
#   3. SIGTERM  the mix runs; 20 requests of the heaviest page (/schools, 2,000 rows) are in flight when the
#               server gets SIGTERM: each must complete with 200 (or be refused before it was accepted), and
#               the server must exit 0.
# Errors = wrk socket errors + responses other than 200/303 (a 302 to /login would mean a lost session).
# Writes bench-out/soak.md (+ rss.csv, wrk outputs). Exit status 0 even when a target is missed (the report
# says which); non-zero when the run itself breaks.
#
# Environment: OPORA_BIN (default .build/release/opora), SOAK_SECONDS, SOAK_CONNS, SOAK_SLOW, SOAK_SLOW_SECONDS,
# SOAK_SCHOOLS (2000), SOAK_THINK_MS (500: the mean pause between one connection's requests, drawn from 0–1,000 ms;
# 0 = back to back), SOAK_SATURATION_SECONDS (30; 0 skips the saturation phase),
# SOAK_PORT (18090), SOAK_KEEP=1 keeps the temporary folder, SOAK_DB_TEMPLATE=FILE uses a copy
# of an existing demo database instead of creating one.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
BIN=${OPORA_BIN:-.build/release/opora}
[[ $BIN == /* ]] || BIN=$ROOT/$BIN
SECONDS_MIX=${SOAK_SECONDS:-60}
CONNS=${SOAK_CONNS:-200}
SLOW=${SOAK_SLOW:-2000}
SLOW_SECONDS=${SOAK_SLOW_SECONDS:-30}
SCHOOLS=${SOAK_SCHOOLS:-2000}
HOST=127.0.0.1
PORT=${SOAK_PORT:-18090}
URL=http://$HOST:$PORT
OUT=$ROOT/bench-out
THINK_MS=${SOAK_THINK_MS:-500}
SATURATION_SECONDS=${SOAK_SATURATION_SECONDS:-30}
ROLES=(admin region municipal curator director)
PER_ROLE=$((CONNS / ${#ROLES[@]}))

die() { echo "soak: $*" >&2; exit 1; }
log() { echo "soak: $*" >&2; }
[[ -x $BIN ]] || die "$BIN not found: run 'make release' (or set OPORA_BIN)"
for tool in wrk curl python3 sqlite3 timeout; do command -v "$tool" >/dev/null || die "$tool not found: run 'make bench-deps'"; done
if (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; then die "port $PORT is in use"; fi
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

TMP=$(mktemp -d /tmp/opora-soak.XXXXXX)
mkdir -p "$OUT"
SERVER_PID="" SAMPLER_PID="" SLOW_PID=""
stop_pid() {
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
  stop_pid "$SLOW_PID"; stop_pid "$SAMPLER_PID"; stop_pid "$SERVER_PID"
  if [[ ${SOAK_KEEP:-0} == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_http() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited before $1 answered"
    sleep 0.1
  done
  die "$1 did not answer within $2 s"
}

# ------------------------------------------------------------------ database and ids
DB=$TMP/soak.sqlite
log "synthetic region: $SCHOOLS schools"
if [[ -n ${SOAK_DB_TEMPLATE:-} ]]; then
  cp "$SOAK_DB_TEMPLATE" "$DB"  # a demo database made earlier (debugging the script)
else
  timeout 900 "$BIN" demo --db "$DB" --schools "$SCHOOLS" --seed 1 >"$TMP/demo.log" 2>&1 || { tail "$TMP/demo.log" >&2; die "demo failed"; }
fi
q() { sqlite3 -batch -noheader "$DB" "$1"; }
IFS='|' read -r REPORT DIRECTOR_SCHOOL DIRECTOR < <(q "SELECT r.id, rm.schoolId, u.login FROM report r
  JOIN roadmap rm ON rm.id = r.roadmapId JOIN user u ON u.schoolId = rm.schoolId AND u.role = 'director'
  WHERE r.status IN ('draft', 'returned') ORDER BY r.id LIMIT 1")
IFS='|' read -r CURATOR_SCHOOL CURATOR_ROADMAP < <(q "SELECT a.schoolId, rm.id FROM curatorAssignment a
  JOIN user u ON u.id = a.curatorId JOIN roadmap rm ON rm.schoolId = a.schoolId AND rm.schoolYear = a.schoolYear
  WHERE u.login = 'curator-ku' ORDER BY a.schoolYear DESC, a.schoolId LIMIT 1")
MUN_ID=$(q "SELECT municipalityId FROM user WHERE login = 'mun-ku'")
MUN_SCHOOLS=$(q "SELECT group_concat(id, ' ') FROM (SELECT id FROM school WHERE municipalityId = $MUN_ID ORDER BY id LIMIT 20)")
ALL_SCHOOLS=$(q "SELECT group_concat(id, ' ') FROM (SELECT id FROM school ORDER BY (id * 7919) % 2003 LIMIT 40)")
[[ -n $REPORT && -n $CURATOR_ROADMAP && -n $MUN_ID ]] || die "could not find a draft report / a curator's roadmap"
log "director $DIRECTOR (school $DIRECTOR_SCHOOL, report $REPORT); curator-ku (school $CURATOR_SCHOOL, roadmap $CURATOR_ROADMAP)"

start_server() {
  "$BIN" serve --db "$DB" --host "$HOST" --port "$PORT" >/dev/null 2>"$TMP/server.log" &
  SERVER_PID=$!
  wait_http "$URL/healthz" 60
}
log "starting the server on $URL"
start_server

# ------------------------------------------------------------------ sessions
csrf_of() { grep -o 'name="_csrf" value="[^"]*"' "$1" | head -1 | sed 's/.*value="\([^"]*\)"/\1/'; }
declare -A SESSION TOKEN LOGIN
LOGIN=([admin]=admin [region]=region [municipal]=mun-ku [curator]=curator-ku [director]=$DIRECTOR)
for role in "${ROLES[@]}"; do
  jar=$TMP/jar-$role
  curl -fsS -c "$jar" -b "$jar" -o "$TMP/login.html" "$URL/login"
  t=$(csrf_of "$TMP/login.html")
  code=$(curl -sS -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' --data-urlencode "login=${LOGIN[$role]}" \
    --data-urlencode "password=opora-demo" --data-urlencode "_csrf=$t" "$URL/login")
  [[ $code == 303 ]] || die "login of ${LOGIN[$role]} answered $code"
  SESSION[$role]=$(awk -F'\t' '$6 == "opora_session" { v = $7 } END { print v }' "$jar")
  curl -fsS -b "opora_session=${SESSION[$role]}" -o "$TMP/home-$role.html" "$URL/"
  TOKEN[$role]=$(csrf_of "$TMP/home-$role.html")
  [[ -n ${SESSION[$role]} && -n ${TOKEN[$role]} ]] || die "no session or CSRF token for $role"
done

# ------------------------------------------------------------------ the mix, one Lua script per role
YEAR=$(q "SELECT schoolYear FROM roadmap WHERE id = $CURATOR_ROADMAP")
DIRECTOR_BODY="_csrf=${TOKEN[director]}&summary=%D0%A7%D0%B5%D1%80%D0%BD%D0%BE%D0%B2%D0%B8%D0%BA+%D0%BE%D1%82%D1%87%D1%91%D1%82%D0%B0&selfAssessment=soak"
CURATOR_BODY="_csrf=${TOKEN[curator]}&targetKind=roadmap&targetId=$CURATOR_ROADMAP&return=/schools/$CURATOR_SCHOOL&body=%D0%97%D0%B0%D0%BC%D0%B5%D1%87%D0%B0%D0%BD%D0%B8%D0%B5+%D0%BA%D1%83%D1%80%D0%B0%D1%82%D0%BE%D1%80%D0%B0"
gets_admin="/ /schools /accounts /municipalities /curators"
gets_region="/ /schools /identification /municipalities /municipalities/$MUN_ID/reports"
gets_municipal="/ /schools /review /municipalities/$MUN_ID/reports /municipalities/$MUN_ID/report-periods /municipalities/$MUN_ID/results"
gets_curator="/ /review /schools/$CURATOR_SCHOOL /schools/$CURATOR_SCHOOL/reports /schools/$CURATOR_SCHOOL/risk-profile"
gets_director="/ /schools/$DIRECTOR_SCHOOL /reports/$REPORT /schools/$DIRECTOR_SCHOOL/reports /schools/$DIRECTOR_SCHOOL/documents"
school_pages() { local s out=""; for s in $1; do out="$out /schools/$s"; done; echo "$out"; }
write_lua() {  # write_lua ROLE "GET paths" [POST path] [POST body]: $TMP/ROLE.lua (think time) and ROLE-closed.lua (none)
  local role=$1 paths=$2 post=${3:-} body=${4:-} p
  write_lua_as "$role" "$paths" "$post" "$body" "$THINK_MS" >"$TMP/$role.lua"
  write_lua_as "$role" "$paths" "$post" "$body" 0 >"$TMP/$role-closed.lua"
}
write_lua_as() {
  local role=$1 paths=$2 post=$3 body=$4 think=$5 p
  {
    echo "local cookie = 'opora_session=${SESSION[$role]}'"
    echo "local reqs = {}"
    echo "local i = 0"
    echo "bad = 0"
    echo "statuses = ''"
    echo "init = function(args)"
    for p in $paths; do echo "  reqs[#reqs + 1] = wrk.format('GET', '$p', { ['Cookie'] = cookie })"; done
    if [[ -n $post ]]; then
      # one POST for every four GETs
      echo "  local n = #reqs"
      echo "  for k = 1, math.max(1, math.floor(n / 4)) do reqs[#reqs + 1] = wrk.format('POST', '$post', { ['Cookie'] = cookie, ['Content-Type'] = 'application/x-www-form-urlencoded' }, '$body') end"
    fi
    echo "  i = math.random(#reqs)"
    echo "end"
    echo "request = function() i = i % #reqs + 1; return reqs[i] end"
    # A person's pause between clicks (random, up to twice the mean); 0 = back to back.
    if (( think > 0 )); then echo "delay = function() return math.random(0, $((think * 2))) end"; fi
    echo "response = function(status, headers, body) if status ~= 200 and status ~= 303 then bad = bad + 1; if #statuses < 200 then statuses = statuses .. status .. ' ' end end end"
    echo "local threads = {}"
    echo "setup = function(thread) threads[#threads + 1] = thread end"
    echo "done = function(summary, latency, requests)"
    echo "  local b = 0; local s = ''"
    echo "  for _, t in ipairs(threads) do b = b + t:get('bad'); s = s .. t:get('statuses') end"
    echo "  io.write(string.format('bad_status %d %s\\n', b, s))"
    echo "  io.write(string.format('requests %d\\n', summary.requests))"
    echo "  io.write(string.format('socket_errors %d\\n', summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))"
    echo "  io.write(string.format('p50_ms %.2f\\np99_ms %.2f\\nmax_ms %.2f\\n', latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))"
    echo "end"
  }
}
write_lua admin "$gets_admin $(school_pages "$ALL_SCHOOLS")"
write_lua region "$gets_region $(school_pages "$ALL_SCHOOLS")"
write_lua municipal "$gets_municipal $(school_pages "$MUN_SCHOOLS")"
write_lua curator "$gets_curator" "/comments" "$CURATOR_BODY"
write_lua director "$gets_director" "/reports/$REPORT/edit" "$DIRECTOR_BODY"

# Each POST must work once by hand before the run (303 = saved and redirected).
code=$(curl -sS -o "$TMP/post-director.html" -w '%{http_code}' -b "opora_session=${SESSION[director]}" --data "$DIRECTOR_BODY" "$URL/reports/$REPORT/edit")
[[ $code == 303 ]] || die "director's report draft save answered $code (see $TMP/post-director.html)"
code=$(curl -sS -o "$TMP/post-curator.html" -w '%{http_code}' -b "opora_session=${SESSION[curator]}" --data "$CURATOR_BODY" "$URL/comments")
[[ $code == 303 ]] || die "curator's comment answered $code"
for role in "${ROLES[@]}"; do
  for p in $(eval echo "\$gets_$role"); do
    code=$(curl -sS -o /dev/null -w '%{http_code}' -b "opora_session=${SESSION[$role]}" "$URL$p")
    [[ $code == 200 ]] || die "$role: GET $p answered $code before the run"
  done
done

run_mix() {  # run_mix NAME SECONDS [-closed]: five wrk processes in parallel, outputs in $TMP/wrk-NAME-ROLE.txt
  local name=$1 secs=$2 script=${3:-} role pids=()
  for role in "${ROLES[@]}"; do
    timeout $((secs + 60)) wrk -t1 -c"$PER_ROLE" -d"${secs}s" --timeout 5s --latency -s "$TMP/$role$script.lua" "$URL" \
      >"$TMP/wrk-$name-$role.txt" 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || true; done
}
field() { awk -v k="$2" '$1 == k { print $2 }' "$1"; }
summarise() {  # summarise NAME: a Markdown row per role + totals into $TMP/rows-NAME.md; sets TOTAL_* globals
  local name=$1 role f req rps
  TOTAL_REQ=0 TOTAL_ERR=0 TOTAL_RPS=0 MAX_P99=0
  : >"$TMP/rows-$name.md"
  for role in "${ROLES[@]}"; do
    f=$TMP/wrk-$name-$role.txt
    req=$(field "$f" requests); rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$f")
    local bad sock p50 p99 mx
    bad=$(field "$f" bad_status); sock=$(field "$f" socket_errors)
    p50=$(field "$f" p50_ms); p99=$(field "$f" p99_ms); mx=$(field "$f" max_ms)
    echo "| $name | $role (${LOGIN[$role]}) | $PER_ROLE | ${req:-?} | ${rps:-?} | $((${sock:-0} + ${bad:-0})) | ${p50:-?} | ${p99:-?} | ${mx:-?} |" >>"$TMP/rows-$name.md"
    TOTAL_REQ=$((TOTAL_REQ + ${req:-0})); TOTAL_ERR=$((TOTAL_ERR + ${sock:-0} + ${bad:-0})); TOTAL_RPS=$((TOTAL_RPS + ${rps:-0}))
    MAX_P99=$(awk -v a="$MAX_P99" -v b="${p99:-0}" 'BEGIN { print (b > a) ? b : a }')
  done
}

DEMO_MAX_COMMENT=$(q "SELECT coalesce(max(id), 0) FROM comment")

# ------------------------------------------------------------------ phase 1: the mix, RSS, backup under load
log "phase 1: $CONNS connections for $SECONDS_MIX s (5 roles × $PER_ROLE)"
( t=0; while kill -0 "$SERVER_PID" 2>/dev/null; do
    echo "$t,$(ps -o rss= -p "$SERVER_PID" | tr -d ' ')"; sleep 1; t=$((t + 1)); done ) >"$TMP/rss.csv" &
SAMPLER_PID=$!
( sleep $((SECONDS_MIX / 3))
  s=$(date +%s.%N)
  if "$BIN" backup --db "$DB" "$TMP/backup.sqlite" >"$TMP/backup.log" 2>&1; then echo ok >"$TMP/backup.status"; else echo failed >"$TMP/backup.status"; fi
  echo "$s $(date +%s.%N)" | awk '{ printf "%.2f", $2 - $1 }' >"$TMP/backup.seconds" ) &
BACKUP_PID=$!
run_mix mix "$SECONDS_MIX"
wait "$BACKUP_PID" || true
stop_pid "$SAMPLER_PID"; SAMPLER_PID=""
summarise mix
MIX_REQ=$TOTAL_REQ MIX_ERR=$TOTAL_ERR MIX_RPS=$TOTAL_RPS MIX_P99=$MAX_P99
# RSS: the first sample of the second half against the largest of the second half.
RSS_LINE=$(awk -F, -v n="$SECONDS_MIX" 'NR == 1 { first = $2 } $1 <= n { last = $1; v[$1] = $2; if ($2 > peak) peak = $2 }
  END { h = int(n / 2); mid = v[h]; m = 0; for (t = h; t <= last; t++) if (v[t] > m) m = v[t];
        printf "%d %d %d %d %d", first / 1024, mid / 1024, m / 1024, (m - mid) / 1024, peak / 1024 }' "$TMP/rss.csv")
read -r RSS_START RSS_MID RSS_HALF_MAX RSS_GROWTH RSS_PEAK <<<"$RSS_LINE"

# The backup taken under load.
BACKUP_STATUS=$(cat "$TMP/backup.status" 2>/dev/null || echo missing)
BACKUP_SECONDS=$(cat "$TMP/backup.seconds" 2>/dev/null || echo "?")
BACKUP_CHECK=$(sqlite3 "$TMP/backup.sqlite" "PRAGMA integrity_check" 2>&1 | head -1 || true)
BACKUP_FK=$(sqlite3 "$TMP/backup.sqlite" "PRAGMA foreign_key_check" 2>&1 | wc -l)
BACKUP_COUNTS=$(sqlite3 "$TMP/backup.sqlite" "SELECT (SELECT count(*) FROM school) || ' schools, ' || (SELECT count(*) FROM user) || ' users, ' || (SELECT count(*) FROM report) || ' reports, ' || (SELECT count(*) FROM comment) || ' comments, ' || (SELECT count(*) FROM auditEntry) || ' audit entries'" 2>&1)
LIVE_COMMENTS=$(q "SELECT count(*) FROM comment")
# Every comment written during the run has its audit entry in the copy, and no audit entry is without its
# comment: each is one transaction, so a consistent copy holds both or neither.
BACKUP_NEW_COMMENTS=$(sqlite3 "$TMP/backup.sqlite" "SELECT count(*) FROM comment WHERE id > $DEMO_MAX_COMMENT" 2>&1 || echo "?")
BACKUP_ORPHANS=$(sqlite3 "$TMP/backup.sqlite" "SELECT (SELECT count(*) FROM comment c WHERE c.id > $DEMO_MAX_COMMENT
    AND NOT EXISTS (SELECT 1 FROM auditEntry a WHERE a.entity = 'comment' AND a.entityId = c.id))
  + (SELECT count(*) FROM auditEntry a WHERE a.entity = 'comment' AND a.action = 'create' AND a.entityId > $DEMO_MAX_COMMENT
    AND NOT EXISTS (SELECT 1 FROM comment c WHERE c.id = a.entityId))" 2>&1 || echo "?")

# ------------------------------------------------------------------ phase 1b: saturation (closed loop), reported only
if (( SATURATION_SECONDS > 0 )); then
  log "phase 1b: saturation, $CONNS connections without pauses for $SATURATION_SECONDS s"
  run_mix saturation "$SATURATION_SECONDS" -closed
  summarise saturation
  SAT_REQ=$TOTAL_REQ SAT_ERR=$TOTAL_ERR SAT_RPS=$TOTAL_RPS SAT_P99=$MAX_P99
fi

# ------------------------------------------------------------------ phase 2: slowloris while the mix runs
log "phase 2: $SLOW slowloris connections, the mix again for $SLOW_SECONDS s"
python3 Tests/Soak/slowloris.py --port "$PORT" --clients "$SLOW" --interval 3 --seconds $((SLOW_SECONDS + 15)) \
  --ready-file "$TMP/slow.ready" >"$TMP/slowloris.txt" 2>&1 &
SLOW_PID=$!
for ((i = 0; i < 100; i++)); do [[ -s $TMP/slow.ready ]] && break; sleep 0.1; done
sleep 5  # let every slow client send its request line
run_mix slow "$SLOW_SECONDS"
summarise slow
SLOW_REQ=$TOTAL_REQ SLOW_ERR=$TOTAL_ERR SLOW_RPS=$TOTAL_RPS SLOW_P99=$MAX_P99
wait "$SLOW_PID" || true; SLOW_PID=""
SLOW_LINE=$(cat "$TMP/slowloris.txt")

# ------------------------------------------------------------------ phase 3: SIGTERM under load
log "phase 3: SIGTERM while the mix runs"
run_mix term 12 &
MIX_PID=$!
sleep 5
INFLIGHT_PIDS=()
for k in $(seq 1 20); do
  ( code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 30 -b "opora_session=${SESSION[region]}" "$URL/schools" 2>/dev/null)
    echo "$code $?" >"$TMP/inflight-$k.txt" ) &
  INFLIGHT_PIDS+=($!)
done
sleep 0.05
kill -TERM "$SERVER_PID"
TERM_STATUS=0; wait "$SERVER_PID" || TERM_STATUS=$?
SERVER_PID=""
wait "$MIX_PID" || true
for p in "${INFLIGHT_PIDS[@]}"; do wait "$p" || true; done
# "200 0": answered; "000 7": curl could not connect (the listener was already closed); anything else broke.
INFLIGHT_OK=$(cat "$TMP"/inflight-*.txt | grep -c '^200 0$' || true)
INFLIGHT_REFUSED=$(cat "$TMP"/inflight-*.txt | grep -c '^000 7$' || true)
INFLIGHT_OTHER=$((20 - INFLIGHT_OK - INFLIGHT_REFUSED))

# ------------------------------------------------------------------ report
verdict() { if [[ $1 == 1 ]]; then echo "met"; else echo "**not met**"; fi; }
ok_mix=$(awk -v e="$MIX_ERR" -v p="$MIX_P99" 'BEGIN { print (e == 0 && p < 100) ? 1 : 0 }')
ok_rss=$(awk -v g="$RSS_GROWTH" -v m="$RSS_MID" 'BEGIN { print (g <= 2 + m * 0.03) ? 1 : 0 }')
ok_slow=$(awk -v e="$SLOW_ERR" -v p="$SLOW_P99" 'BEGIN { print (e == 0 && p < 200) ? 1 : 0 }')
ok_term=$([[ $TERM_STATUS == 0 && $INFLIGHT_OTHER == 0 ]] && echo 1 || echo 0)
ok_backup=$([[ $BACKUP_STATUS == ok && $BACKUP_CHECK == ok && $BACKUP_FK == 0 && $BACKUP_ORPHANS == 0 ]] && echo 1 || echo 0)
{
  echo "# Soak run ($(date -u '+%Y-%m-%d %H:%M UTC'))"
  echo
  echo "Command: \`make soak\` (release build; Tests/Soak/soak.sh; pause between one connection's requests 0–$((THINK_MS * 2)) ms). Synthetic region of $SCHOOLS schools; $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| phase | role (login) | conns | requests | req/s | errors | p50 ms | p99 ms | max ms |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
  cat "$TMP/rows-mix.md" "$TMP/rows-slow.md"
  [[ -f $TMP/rows-saturation.md ]] && cat "$TMP/rows-saturation.md"
  echo
  echo "- Mix, $CONNS connections × $SECONDS_MIX s: $MIX_REQ requests ($MIX_RPS req/s), $MIX_ERR errors, worst role p99 $MIX_P99 ms — target 0 errors, p99 < 100 ms: $(verdict "$ok_mix")."
  if (( SATURATION_SECONDS > 0 )); then
    echo "- Saturation (no pauses, $CONNS connections × $SATURATION_SECONDS s; reported, not a target): $SAT_REQ requests ($SAT_RPS req/s), $SAT_ERR errors, worst role p99 $SAT_P99 ms."
  fi
  echo "- RSS: ${RSS_START} MiB at start, ${RSS_MID} MiB at mid-run, at most ${RSS_HALF_MAX} MiB over the second half (growth ${RSS_GROWTH} MiB; peak ${RSS_PEAK} MiB) — flat: $(verdict "$ok_rss")."
  echo "- Slowloris: $SLOW_LINE; mix meanwhile: $SLOW_REQ requests ($SLOW_RPS req/s), $SLOW_ERR errors, worst role p99 $SLOW_P99 ms — target served, p99 < 200 ms: $(verdict "$ok_slow")."
  echo "- SIGTERM under load: exit status $TERM_STATUS; of 20 in-flight /schools requests $INFLIGHT_OK completed with 200, $INFLIGHT_REFUSED were refused before being accepted, $INFLIGHT_OTHER broke — $(verdict "$ok_term")."
  echo "- Backup under load (\`opora backup\` at t=$((SECONDS_MIX / 3)) s): $BACKUP_STATUS in $BACKUP_SECONDS s; integrity_check: $BACKUP_CHECK; foreign_key_check: $BACKUP_FK rows; $BACKUP_COUNTS (live database after the run: $LIVE_COMMENTS comments); of the $BACKUP_NEW_COMMENTS comments written during the run before the copy, without their audit entry or the reverse: $BACKUP_ORPHANS — $(verdict "$ok_backup")."
} >"$OUT/soak.md"
cp "$TMP/rss.csv" "$OUT/soak-rss.csv"
for f in "$TMP"/wrk-*.txt; do cp "$f" "$OUT/soak-$(basename "$f")"; done
cat "$OUT/soak.md"
