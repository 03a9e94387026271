#!/usr/bin/env bash
# Benchmark of the forum report: the time `localaction report` takes to write the HTML, the PDF
# and the Markdown of a forum with COUNT actions (a third with progress updates), and the time
# the website takes to answer /forums/SLUG/report and its .pdf made afresh. Run by hand, never
# from the test suite. See bench/README.md, "The forum report".
#
#   ./bench/report.sh                      # 10,000 actions, 5 runs of each
#   COUNT=1000 RUNS=3 ./bench/report.sh    # quicker
#
# Options (environment): COUNT (10000), SEED (1), RUNS (5: the median is reported), PORT (18932),
# SKIP_BUILD (0: 1 uses the binary already in bench/out/build), BIN (use this binary instead of
# building one), NICE (unset: e.g. NICE=-10 runs the commands at that priority; needs root),
# TODAY (2026-06-30: the day progress is computed for, so runs agree). Everything is written
# under bench/out/report/; the table also goes to bench/out/report/results.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
OUT="$BENCH/out/report"
COUNT=${COUNT:-10000}
SEED=${SEED:-1}
RUNS=${RUNS:-5}
PORT=${PORT:-18932}
SKIP_BUILD=${SKIP_BUILD:-0}
TODAY=${TODAY:-2026-06-30}
NICE=${NICE:-}
PY=/usr/bin/python3
FORUM=bench-forum
TARGET_S=2
PRIO=()
if [[ -n $NICE ]]; then
  [[ $NICE =~ ^-?[0-9]+$ ]] || { echo "report.sh: NICE must be a number, not '$NICE'" >&2; exit 2; }
  PRIO=(nice -n "$NICE")
fi
for v in COUNT SEED RUNS PORT; do
  [[ ${!v} =~ ^[0-9]+$ ]] || { echo "report.sh: $v must be a whole number, not '${!v}'" >&2; exit 2; }
done
[[ $RUNS -ge 1 ]] || { echo "report.sh: RUNS must be at least 1" >&2; exit 2; }
for tool in cmake curl /usr/bin/time "$PY" pdfinfo; do
  command -v "$tool" >/dev/null || { echo "report.sh: $tool not found (scripts/bootstrap.sh)" >&2; exit 2; }
done
export LOCALACTION_TODAY=$TODAY

mkdir -p "$OUT"
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

SERVER_PID=""
cleanup() {
  local rc=$?
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$SERVER_PID" 2>/dev/null && kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- build -----------------------------------------------------------------------------------
if [[ -n ${BIN:-} ]]; then
  log "using BIN=$BIN (no build)"
elif [[ $SKIP_BUILD == 1 && -x $BENCH/out/build/localaction ]]; then
  BIN="$BENCH/out/build/localaction"
  log "using $BIN (SKIP_BUILD=1)"
else
  log "building (Release) into $BENCH/out/build"
  if ! { cmake -S "$ROOT" -B "$BENCH/out/build" -DCMAKE_BUILD_TYPE=Release &&
         cmake --build "$BENCH/out/build" -j2 --target localaction; } >"$OUT/build.log" 2>&1; then
    tail -40 "$OUT/build.log" >&2
    echo "report.sh: build failed (full log: $OUT/build.log)" >&2
    exit 1
  fi
  BIN="$BENCH/out/build/localaction"
fi

# --- data: a forum, COUNT actions submitted to it, progress updates ----------------------------
DATA="$OUT/forum-n$COUNT-s$SEED.jsonl"
if [[ -s $DATA && $DATA -nt $BENCH/gen_actions.py && $DATA -nt $ROOT/data/reference ]]; then
  log "using cached $DATA"
else
  log "generating a forum with $COUNT actions (seed $SEED)"
  "$PY" "$BENCH/gen_actions.py" --count "$COUNT" --seed "$SEED" --forum "$FORUM" --progress \
    --output "$DATA"
fi
DB="$OUT/forum-n$COUNT-s$SEED.db"
rm -f "$DB" "$DB-wal" "$DB-shm" "$DB-journal"
log "importing into $DB"
"$BIN" import --db "$DB" --quiet "$DATA" >"$OUT/import.out"
cat "$OUT/import.out" >&2

# --- the command line ------------------------------------------------------------------------
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ROWS=()
for fmt in html pdf md; do
  file="$OUT/report.$fmt"
  : >"$OUT/times.$fmt"
  rss=0
  for run in $(seq 1 "$RUNS"); do
    "${PRIO[@]}" /usr/bin/time -f "%e %U %S %M" -o "$OUT/time.$fmt.$run" \
      "$BIN" report --db "$DB" --forum "$FORUM" --format "$fmt" --output "$file"
    read -r wall user sys kb <"$OUT/time.$fmt.$run"
    echo "$wall" >>"$OUT/times.$fmt"
    awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f\n", u + s }' >>"$OUT/cpu.$fmt"
    [[ $kb -gt $rss ]] && rss=$kb
  done
  med=$(median <"$OUT/times.$fmt")
  cpu=$(median <"$OUT/cpu.$fmt")
  rm -f "$OUT/cpu.$fmt"
  size=$(awk -v b="$(stat -c %s "$file")" 'BEGIN { printf "%.1f MB", b / 1048576 }')
  extra=""
  [[ $fmt == pdf ]] && extra=", $(pdfinfo "$file" | awk '/^Pages:/ { print $2 }') pages"
  verdict=$(awk -v m="$med" -v t="$TARGET_S" 'BEGIN { print (m <= t) ? "ok" : "OVER" }')
  ROWS+=("| localaction report --format $fmt | $med s | $cpu s | $(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }') MB | $size$extra | $verdict |")
  log "$fmt: median $med s over $RUNS runs ($(tr '\n' ' ' <"$OUT/times.$fmt"))"
done

# --- the website, nothing remembered (--cache-mb 0: every answer made afresh) ------------------
"$BIN" serve --db "$DB" --port "$PORT" --cache-mb 0 >"$OUT/serve.out" 2>"$OUT/serve.err" &
SERVER_PID=$!
for _ in $(seq 1 100); do
  grep -q "^listening on" "$OUT/serve.out" 2>/dev/null && break
  sleep 0.1
done
grep -q "^listening on" "$OUT/serve.out" || { echo "report.sh: the server did not start" >&2; cat "$OUT/serve.err" >&2; exit 1; }
for path in "/forums/$FORUM/report" "/forums/$FORUM/report.pdf"; do
  : >"$OUT/web.times"
  for run in $(seq 1 "$RUNS"); do
    out=$(curl -s -o /dev/null -w "%{http_code} %{time_total} %{size_download}" "http://127.0.0.1:$PORT$path")
    read -r code secs bytes <<<"$out"
    [[ $code == 200 ]] || { echo "report.sh: GET $path gave $code" >&2; exit 1; }
    echo "$secs" >>"$OUT/web.times"
  done
  med=$(median <"$OUT/web.times")
  verdict=$(awk -v m="$med" -v t="$TARGET_S" 'BEGIN { print (m <= t) ? "ok" : "OVER" }')
  ROWS+=("| GET $path | $med s | | | $(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1048576 }') | $verdict |")
  log "GET $path: median $med s"
done

# --- the table ---------------------------------------------------------------------------------
{
  echo "Forum report, $COUNT actions generated (seed $SEED), $(grep -c '"type": "progress_update"' "$DATA") progress updates; median of $RUNS runs; target <= $TARGET_S s"
  echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "| what | wall (median) | CPU (median) | peak RSS | output | target |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
} | tee "$OUT/results.md"
