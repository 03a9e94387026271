#!/usr/bin/env bash
# Benchmarks of localaction: import time and memory, then API throughput and latency with wrk.
# Run by hand, never from the test suite. See bench/README.md.
#
#   ./bench/run.sh                          # 100,000 actions, 10 s per scenario
#   COUNT=10000 DURATION=5 ./bench/run.sh   # quicker
#
# Options (environment): COUNT (100000), SEED (1), DURATION (10, seconds per scenario),
# WARMUP (2, seconds of unrecorded load before each scenario), THREADS (2), CONNECTIONS (32),
# PORT (18931), REIMPORT (1: also time a second import of the same file, which must change
# nothing), SKIP_BUILD (0: 1 uses the binary already in bench/out/build), BIN (use this binary
# instead of building one), IMPORT_TIMEOUT (900 seconds), KEEP_DB (0: 1 keeps the database),
# NICE (unset: e.g. NICE=-10 runs the importer, the server and wrk at that priority, to shield the
# measurement from other work on the machine; negative values need root; reported in the results).
# Everything is written under bench/out/; the table also goes to bench/out/results.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
OUT="$BENCH/out"
COUNT=${COUNT:-100000}
SEED=${SEED:-1}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-18931}
REIMPORT=${REIMPORT:-1}
SKIP_BUILD=${SKIP_BUILD:-0}
IMPORT_TIMEOUT=${IMPORT_TIMEOUT:-900}
KEEP_DB=${KEEP_DB:-0}
PY=/usr/bin/python3
NICE=${NICE:-}
CACHE_MB=${CACHE_MB:-64}     # serve --cache-mb: 0 measures every answer computed afresh
PRIO=()
if [[ -n $NICE ]]; then
  [[ $NICE =~ ^-?[0-9]+$ ]] || { echo "run.sh: NICE must be a number, not '$NICE'" >&2; exit 2; }
  PRIO=(nice -n "$NICE")
fi
HOST=127.0.0.1
BASE="http://$HOST:$PORT"

for v in COUNT SEED DURATION WARMUP THREADS CONNECTIONS PORT IMPORT_TIMEOUT; do
  [[ ${!v} =~ ^[0-9]+$ ]] || { echo "run.sh: $v must be a whole number, not '${!v}'" >&2; exit 2; }
done
for tool in cmake wrk curl /usr/bin/time "$PY" timeout; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool not found (wrk: apt-get install -y wrk)" >&2; exit 2; }
done

mkdir -p "$OUT"
RUN="$OUT/run"            # this run's logs and wrk outputs
rm -rf "$RUN"
mkdir -p "$RUN"
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

SERVER_PID=""
SAMPLER_PID=""
cleanup() {
  local rc=$?
  if [[ -n $SAMPLER_PID ]] && kill -0 "$SAMPLER_PID" 2>/dev/null; then
    kill "$SAMPLER_PID" 2>/dev/null || true
  fi
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "run.sh: server $SERVER_PID did not stop on SIGTERM within 5 s; sending SIGKILL" >&2
      kill -9 "$SERVER_PID" 2>/dev/null || true
    fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- (a) build -------------------------------------------------------------------------------
if [[ -n ${BIN:-} ]]; then
  log "using BIN=$BIN (no build)"
elif [[ $SKIP_BUILD == 1 && -x $OUT/build/localaction ]]; then
  BIN="$OUT/build/localaction"
  log "using $BIN (SKIP_BUILD=1)"
else
  log "building (Release) into $OUT/build"
  if ! { cmake -S "$ROOT" -B "$OUT/build" -DCMAKE_BUILD_TYPE=Release &&
         cmake --build "$OUT/build" -j2 --target localaction; } >"$RUN/build.log" 2>&1; then
    tail -40 "$RUN/build.log" >&2
    echo "run.sh: build failed (full log: $RUN/build.log)" >&2
    exit 1
  fi
  BIN="$OUT/build/localaction"
fi
[[ -x $BIN ]] || { echo "run.sh: no binary at $BIN" >&2; exit 1; }

# --- (b) data --------------------------------------------------------------------------------
DATA="$OUT/actions-n$COUNT-s$SEED.jsonl"
IDS="$OUT/actions-n$COUNT-s$SEED.published-ids"
if [[ -s $DATA && -s $IDS && $DATA -nt $BENCH/gen_actions.py && $DATA -nt $ROOT/data/reference ]]; then
  log "using cached $DATA"
  GEN_NOTE="cached"
else
  log "generating $COUNT actions (seed $SEED)"
  "$PY" "$BENCH/gen_actions.py" --count "$COUNT" --seed "$SEED" --format jsonl \
    --output "$DATA" --published-ids "$IDS" 2>"$RUN/gen.log"
  cat "$RUN/gen.log" >&2
  GEN_NOTE=$(sed -n 's/.*, \([0-9.]* s\)$/generated in \1/p' "$RUN/gen.log" | tail -1)
fi
PUBLISHED=$(wc -l <"$IDS")
DATA_MB=$(awk -v b="$(stat -c %s "$DATA")" 'BEGIN { printf "%.0f", b / 1048576 }')

# --- (c) import ------------------------------------------------------------------------------
DB="$OUT/bench-n$COUNT-s$SEED.db"
rm -f "$DB" "$DB-wal" "$DB-shm" "$DB-journal"
log "importing $DATA ($DATA_MB MB) into a fresh $DB"
t0=$(now)
set +e
"${PRIO[@]}" /usr/bin/time -v -o "$RUN/import.time" timeout "$IMPORT_TIMEOUT" \
  "$BIN" import --db "$DB" "$DATA" >"$RUN/import.out" 2>"$RUN/import.err"
IMPORT_RC=$?
set -e
t1=$(now)
IMPORT_S=$(elapsed "$t0" "$t1")
IMPORT_RSS_KB=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$RUN/import.time")
IMPORT_CPU=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f s user + %.2f s sys", u, s }' "$RUN/import.time")
IMPORT_LINE=$(head -1 "$RUN/import.out" || true)
if [[ $IMPORT_RC != 0 ]]; then
  echo "run.sh: import failed (exit $IMPORT_RC after $IMPORT_S s); stdout:" >&2
  head -20 "$RUN/import.out" >&2
  echo "stderr:" >&2
  head -40 "$RUN/import.err" >&2
  exit 1
fi
DB_MB=$({ du -cm "$DB" "$DB-wal" 2>/dev/null || true; } | awk 'END { print $1 }')
log "import: $IMPORT_S s, max RSS $((IMPORT_RSS_KB / 1024)) MB, db $DB_MB MB: $IMPORT_LINE"

REIMPORT_S="-"
REIMPORT_LINE="-"
if [[ $REIMPORT == 1 ]]; then
  log "re-importing the same file (must change nothing)"
  t0=$(now)
  set +e
  "${PRIO[@]}" timeout "$IMPORT_TIMEOUT" "$BIN" import --db "$DB" "$DATA" >"$RUN/reimport.out" 2>"$RUN/reimport.err"
  rc=$?
  set -e
  t1=$(now)
  REIMPORT_S=$(elapsed "$t0" "$t1")
  REIMPORT_LINE=$(head -1 "$RUN/reimport.out" || true)
  if [[ $rc != 0 ]]; then
    REIMPORT_LINE="FAILED (exit $rc): $(head -3 "$RUN/reimport.err" | tr '\n' ' ')"
  fi
  log "re-import: $REIMPORT_S s: $REIMPORT_LINE"
fi

# --- (d) serve -------------------------------------------------------------------------------
if curl -s -o /dev/null --max-time 1 "$BASE/"; then
  echo "run.sh: something already answers on $BASE; set PORT to a free port" >&2
  exit 1
fi
log "starting the server on $BASE"
"${PRIO[@]}" "$BIN" serve --db "$DB" --port "$PORT" --cache-mb "$CACHE_MB" \
  >"$RUN/server.out" 2>"$RUN/server.err" &
SERVER_PID=$!
ready=0
LISTEN_LINE=no
for i in $(seq 1 300); do            # at most 30 s
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
  if head -1 "$RUN/server.out" 2>/dev/null | grep -q "^listening on http://$HOST:$PORT/\$"; then
    ready=1; LISTEN_LINE=yes; break
  fi
  # After 5 s without the line (stdout not flushed?), accept a server that answers.
  if ((i > 50)) && curl -s -o /dev/null --max-time 1 "$BASE/api/v1/taxonomy"; then ready=1; break; fi
  sleep 0.1
done
if [[ $LISTEN_LINE != yes && $ready == 1 ]]; then
  echo "run.sh: WARNING: the server answers but its first stdout line is not 'listening on $BASE/':" \
    "'$(head -1 "$RUN/server.out")'" >&2
fi
if [[ $ready != 1 ]]; then
  echo "run.sh: the server did not say 'listening on http://$HOST:$PORT/' within 30 s" >&2
  echo "stdout:" >&2; head -5 "$RUN/server.out" >&2
  echo "stderr:" >&2; tail -20 "$RUN/server.err" >&2
  exit 1
fi
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0; }
hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0; }
threads_of() { awk '/^Threads:/ { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# Sanity checks before any load: one request of every path the scenarios use must be a 200.
check_status() { # PATH EXPECTED -> prints a line on mismatch, returns 1
  local path=$1 want=$2 got
  got=$(curl -s -o "$RUN/check.body" -w '%{http_code}' --max-time 10 "$BASE$path" || echo "000")
  if [[ $got != "$want" ]]; then
    printf '  %s -> %s (expected %s): %s\n' "$path" "$got" "$want" "$(head -c 300 "$RUN/check.body" 2>/dev/null)" >&2
    return 1
  fi
}
PATHS_OF() { grep -o '"/\(api/v1/\|actions\)[^"]*"' "$1" | tr -d '"'; }
log "checking every benchmark path once"
CHECK_FAILS=0
while read -r p; do
  check_status "$p" 200 || CHECK_FAILS=$((CHECK_FAILS + 1))
done < <(
  head -3 "$IDS" | sed 's|^|/api/v1/actions/|'
  echo "/api/v1/actions?objective=7&region=africa&limit=20"
  echo "/api/v1/actions?facets=all&limit=20"
  for s in list_filters search facets pages_list; do PATHS_OF "$BENCH/lua/$s.lua"; done
)
# A draft is not visible: its id must be a 404 (the get-by-id scenario only asks published ids).
DRAFT_ID=$("$PY" -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    if "\"draft\"" in line and json.loads(line).get("publication_state") == "draft":
        print(json.loads(line)["external_id"]); break
' "$DATA")
if [[ -n $DRAFT_ID ]]; then
  check_status "/api/v1/actions/$DRAFT_ID" 404 || CHECK_FAILS=$((CHECK_FAILS + 1))
fi
API_TOTAL=$(curl -s --max-time 30 "$BASE/api/v1/actions?limit=1" |
  "$PY" -c 'import json,sys; print(json.load(sys.stdin).get("total"))' 2>/dev/null || echo "?")
if [[ $API_TOTAL != "$PUBLISHED" ]]; then
  echo "  /api/v1/actions total is $API_TOTAL, but the data set has $PUBLISHED published actions" >&2
  CHECK_FAILS=$((CHECK_FAILS + 1))
fi
log "checks: $CHECK_FAILS failed; API total $API_TOTAL of $PUBLISHED published"

sleep 1
RSS_REST_KB=$(rss_kb)
log "server pid $SERVER_PID, $(threads_of) threads, VmRSS at rest $(mb "$RSS_REST_KB") MB"

# --- (e)+(f) load ----------------------------------------------------------------------------
export BENCH_LUA_DIR="$BENCH/lua" BENCH_IDS="$IDS"
SCENARIOS=(
  "get-by-id|by_id.lua|/|20000"
  "list: objective=7&region=africa|fixed.lua|/api/v1/actions?objective=7&region=africa&limit=20|5000"
  "list: 12 filter combinations|list_filters.lua|/|5000"
  "search: q= 12 queries|search.lua|/|5000"
  "facets=all (no filter)|fixed.lua|/api/v1/actions?facets=all&limit=20|5000"
  "facets=all + 8 filter sets|facets.lua|/|5000"
  "page: home|fixed.lua|/|3000|30000"
  "page: actions?objective=7&region=africa|fixed.lua|/actions?objective=7&region=africa|3000|30000"
  "page: actions, 8 filter sets|pages_list.lua|/|3000|30000"
  "page: an action|page_action.lua|/|3000|30000"
)
# Other work on the machine skews every number: measure how busy the CPUs are (over 2 s,
# with the server idle) just before the load, and say so in the results.
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
cpu_busy_pct() {
  local a b
  read -r -a a </proc/stat; sleep 2; read -r -a b </proc/stat
  awk -v u1="${a[1]}" -v n1="${a[2]}" -v s1="${a[3]}" -v i1="${a[4]}" -v w1="${a[5]}" -v q1="${a[6]}" -v r1="${a[7]}" -v t1="${a[8]}" \
      -v u2="${b[1]}" -v n2="${b[2]}" -v s2="${b[3]}" -v i2="${b[4]}" -v w2="${b[5]}" -v q2="${b[6]}" -v r2="${b[7]}" -v t2="${b[8]}" \
      'BEGIN { busy = (u2+n2+s2+q2+r2+t2) - (u1+n1+s1+q1+r1+t1); idle = (i2+w2) - (i1+w1);
               total = busy + idle; printf "%.0f", (total > 0 ? 100 * busy / total : 0) }'
}
IDLE_BUSY=$(cpu_busy_pct)
BUSY_NOTE=""
if ((IDLE_BUSY > 10)); then
  BUSY_NOTE="WARNING: before the load, with the server idle, the CPUs were ${IDLE_BUSY}% busy with other work; these numbers are not clean"
  log "$BUSY_NOTE"
  ps -eo pid,pcpu,etime,args --sort=-pcpu | head -6 | cut -c1-160 >&2
fi
# What the hypervisor took (steal) over a scenario, in % of all CPU time: on a shared VM it
# can reach 30-40% and halves requests/s; the server's CPU time per request does not move
# with it as much, so both go into the table.
cpu_ticks() { awk '/^cpu / { print $2+$3+$4+$5+$6+$7+$8+$9, $9 }' /proc/stat; }
server_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat" 2>/dev/null || echo 0; }
P99_TARGET_US=10000
RSS_TARGET_KB=$((100 * 1024))
ROWS=()
PEAK_SAMPLED_KB=$RSS_REST_KB
CRASHED=""
n=0
for spec in "${SCENARIOS[@]}"; do
  IFS='|' read -r name script path target p99_target <<<"$spec"
  p99_target=${p99_target:-$P99_TARGET_US}
  n=$((n + 1))
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    CRASHED="the server died before scenario '$name'"
    ROWS+=("| $name | - | - | - | - | - | - | - | - | server not running |")
    continue
  fi
  if [[ $WARMUP -gt 0 ]]; then
    BENCH_RESULT="$RUN/warmup-$n.txt" "${PRIO[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" \
      -s "$BENCH/lua/$script" "$BASE$path" >/dev/null 2>&1 || true
  fi
  log "scenario $n: $name (${DURATION}s)"
  # Sample the server's VmRSS every 0.1 s while wrk runs (bounded: DURATION + 30 s).
  ( for _ in $(seq 1 $(((DURATION + 30) * 10))); do
      awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null || exit 0
      sleep 0.1
    done ) >"$RUN/rss-$n.txt" &
  SAMPLER_PID=$!
  read -r total0 steal0 < <(cpu_ticks)
  srv0=$(server_ticks)
  set +e
  BENCH_RESULT="$RUN/result-$n.txt" "${PRIO[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency \
    -s "$BENCH/lua/$script" "$BASE$path" >"$RUN/wrk-$n.txt" 2>&1
  wrk_rc=$?
  set -e
  read -r total1 steal1 < <(cpu_ticks)
  srv1=$(server_ticks)
  steal_pct=$(awk -v a="$steal0" -v b="$steal1" -v t0="$total0" -v t1="$total1" \
    'BEGIN { printf "%.0f", (t1 > t0 ? 100 * (b - a) / (t1 - t0) : 0) }')
  kill "$SAMPLER_PID" 2>/dev/null || true
  wait "$SAMPLER_PID" 2>/dev/null || true
  SAMPLER_PID=""
  peak=$(sort -n "$RUN/rss-$n.txt" | tail -1)
  peak=${peak:-0}
  ((peak > PEAK_SAMPLED_KB)) && PEAK_SAMPLED_KB=$peak
  if [[ $wrk_rc != 0 || ! -s $RUN/result-$n.txt ]]; then
    ROWS+=("| $name | - | - | - | - | - | $(mb "$peak") | - | - | wrk failed (exit $wrk_rc), see run/wrk-$n.txt |")
    continue
  fi
  get() { awk -F= -v k="$1" '$1 == k { print $2 }' "$RUN/result-$n.txt"; }
  rps=$(get rps); p50=$(get p50_us); p99=$(get p99_us); non2xx=$(get non2xx)
  cpu_us=$(awk -v d="$((srv1 - srv0))" -v hz="$(getconf CLK_TCK)" -v r="$rps" -v s="$DURATION" \
    'BEGIN { printf "%.0f", (r > 0 ? d * 1e6 / hz / (r * s) : 0) }')
  sockerr=$(( $(get connect_errors) + $(get read_errors) + $(get write_errors) + $(get timeouts) ))
  verdict="ok"
  awk -v r="$rps" -v t="$target" 'BEGIN { exit !(r < t) }' && verdict="below ${target} req/s"
  if ((p99 > p99_target)); then
    p99_note="p99 > $((p99_target / 1000)) ms"
    [[ $verdict == ok ]] && verdict="$p99_note" || verdict="$verdict; $p99_note"
  fi
  if ((non2xx > 0 || sockerr > 0)); then
    [[ $verdict == ok ]] && verdict="errors" || verdict="$verdict; errors"
  fi
  ROWS+=("$(printf '| %s | %.0f | %.2f | %.2f | %d | %d | %s | %s | %s | %s |' "$name" "$rps" \
    "$(awk -v u="$p50" 'BEGIN { print u / 1000 }')" "$(awk -v u="$p99" 'BEGIN { print u / 1000 }')" \
    "$non2xx" "$sockerr" "$(mb "$peak")" "$cpu_us" "$steal_pct" "$verdict")")
  log "  $(printf '%.0f req/s, p50 %.2f ms, p99 %.2f ms, non-2xx %d, socket errors %d, peak RSS %s MB' \
    "$rps" "$(awk -v u="$p50" 'BEGIN { print u / 1000 }')" "$(awk -v u="$p99" 'BEGIN { print u / 1000 }')" \
    "$non2xx" "$sockerr" "$(mb "$peak")")"
done

# Each path alone (after the load, so with warm caches): which of a rotation is slow.
PROBE_MD="$RUN/paths.md"
if kill -0 "$SERVER_PID" 2>/dev/null; then
  log "timing each path alone (median of 5 sequential requests)"
  mapfile -t PROBE_PATHS < <(
    head -2 "$IDS" | sed 's|^|/api/v1/actions/|'
    echo "/api/v1/actions?objective=7&region=africa&limit=20"
    for s in list_filters search facets pages_list; do PATHS_OF "$BENCH/lua/$s.lua"; done
    head -1 "$IDS" | sed 's|^|/actions/|'
    echo "/"
  )
  timeout 600 "$PY" "$BENCH/probe.py" --port "$PORT" --repeat 5 "${PROBE_PATHS[@]}" >"$PROBE_MD" 2>&1 ||
    echo "(probe failed: exit $?)" >>"$PROBE_MD"
fi

SERVER_ALIVE=yes
HWM_KB=0
if kill -0 "$SERVER_PID" 2>/dev/null; then
  HWM_KB=$(hwm_kb)
  RSS_END_KB=$(rss_kb)
else
  SERVER_ALIVE="NO (exited; see $RUN/server.err)"
  RSS_END_KB=0
  wait "$SERVER_PID" 2>/dev/null && SERVER_EXIT=0 || SERVER_EXIT=$?
  SERVER_ALIVE="NO (exit status $SERVER_EXIT; see run/server.err)"
fi
ERR_LINES=$({ grep -ciE 'error|fatal|abort|assert|sanitizer|warn' "$RUN/server.err" "$RUN/server.out" 2>/dev/null || true; } |
  awk -F: '{ s += $NF } END { print s + 0 }')

# --- (h) report ------------------------------------------------------------------------------
CPU=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "no commit")
DIRTY=$(git -C "$ROOT" status --porcelain 2>/dev/null | head -1)
[[ -n $DIRTY ]] && COMMIT="$COMMIT (work tree with changes)"
import_verdict=$(awk -v s="$IMPORT_S" 'BEGIN { print (s <= 10 ? "ok" : "above 10 s") }')
[[ $COUNT != 100000 ]] && import_verdict="$import_verdict (target is for 100,000)"
rss_verdict() { (($1 <= RSS_TARGET_KB)) && echo "ok" || echo "above 100 MB"; }
PEAK_KB=$PEAK_SAMPLED_KB
((HWM_KB > PEAK_KB)) && PEAK_KB=$HWM_KB
{
  echo "# localaction benchmark results"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); commit: $COMMIT; $(nproc) CPUs ($CPU)"
  echo "- data: $COUNT actions, seed $SEED ($PUBLISHED published), $DATA_MB MB JSON Lines${GEN_NOTE:+, $GEN_NOTE}"
  echo "- load: \`wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency\` per scenario after ${WARMUP}s of warm-up, wrk and server on the same machine, 127.0.0.1:$PORT; load average before the load: $LOADAVG; CPUs busy with other work just before the load: ${IDLE_BUSY}%${NICE:+; importer, server and wrk run with nice -n $NICE}"
  echo "- server: \`serve --cache-mb $CACHE_MB\` (0: every search and facet count computed afresh; otherwise repeated ones are remembered per index)"
  echo
  echo "| measure | value | target | |"
  echo "|---|---|---|---|"
  echo "| import, fresh database (wall) | $IMPORT_S s ($IMPORT_CPU) | ≤ 10 s | $import_verdict |"
  echo "| import, max RSS | $(mb "$IMPORT_RSS_KB") MB | | |"
  echo "| import output | \`$IMPORT_LINE\` | | |"
  echo "| re-import of the same file (wall) | $REIMPORT_S s: \`$REIMPORT_LINE\` | | |"
  echo "| database size (db + wal) | $DB_MB MB | | |"
  echo "| server VmRSS at rest | $(mb "$RSS_REST_KB") MB | ≤ 100 MB | $(rss_verdict "$RSS_REST_KB") |"
  echo "| server VmRSS peak (max of samples and VmHWM) | $(mb "$PEAK_KB") MB | ≤ 100 MB | $(rss_verdict "$PEAK_KB") |"
  echo "| server VmRSS after the load | $(mb "$RSS_END_KB") MB | | |"
  echo "| server alive at the end | $SERVER_ALIVE | | |"
  echo "| pre-load checks failed | $CHECK_FAILS (API total $API_TOTAL, expected $PUBLISHED) | 0 | |"
  echo "| error-looking lines in server output | $ERR_LINES | | |"
  echo
  echo "| scenario | requests/s | p50 ms | p99 ms | non-2xx | socket errors | peak RSS MB | server CPU µs/request | steal % | vs target |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "Targets: get-by-id ≥ 20,000 req/s; the other API scenarios ≥ 5,000 req/s with p99 ≤ 10 ms; pages ≥ 3,000 req/s with p99 ≤ 30 ms. Non-2xx counts"
  echo "responses outside 2xx/3xx (wrk's own count); socket errors are connect, read, write and"
  echo "timeout errors. Raw wrk output: bench/out/run/wrk-N.txt."
  if [[ -s $PROBE_MD ]]; then
    echo
    echo "Each path alone, after the load: 5 sequential requests on one connection (Python"
    echo "http.client, so about 0.1 ms of client time included); \`total\` is the list's match count."
    echo
    cat "$PROBE_MD"
  fi
  if [[ -n $CRASHED ]]; then echo; echo "**$CRASHED**"; fi
  if [[ -n $BUSY_NOTE ]]; then echo; echo "**$BUSY_NOTE.**"; fi
  if [[ $LISTEN_LINE != yes ]]; then
    echo; echo "**The server never printed 'listening on $BASE/' on stdout; it was found ready by polling.**"
  fi
} >"$OUT/results.md"
cat "$OUT/results.md"

if [[ $KEEP_DB != 1 ]]; then
  kill "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  rm -f "$DB" "$DB-wal" "$DB-shm"
fi
