#!/usr/bin/env bash
# Import timing of two binaries, A/B, in the same run: each round imports the benchmark data
# into a fresh database with A, then with B (then the same file again with each, which must
# change nothing), so that other work on the machine weighs on both alike. Prints every time,
# then the medians and the ratio B/A. Run by hand, never from the test suite. See bench/README.md.
#
#   ./bench/import_ab.sh OLD_BINARY NEW_BINARY            # 5 rounds, 100,000 actions
#   ROUNDS=3 COUNT=10000 ./bench/import_ab.sh A B
#
# Options (environment): ROUNDS (5), COUNT (100000), SEED (1), NICE (unset: e.g. -10, as in
# run.sh), IMPORT_TIMEOUT (900 seconds per import). The data is run.sh's cached file
# (bench/out/actions-nCOUNT-sSEED.jsonl), generated first when missing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT="$ROOT/bench/out"
ROUNDS=${ROUNDS:-5}
COUNT=${COUNT:-100000}
SEED=${SEED:-1}
IMPORT_TIMEOUT=${IMPORT_TIMEOUT:-900}
PY=/usr/bin/python3
PRIO=()
if [[ -n ${NICE:-} ]]; then
  [[ $NICE =~ ^-?[0-9]+$ ]] || { echo "import_ab.sh: NICE must be a number" >&2; exit 2; }
  PRIO=(nice -n "$NICE")
fi
for v in ROUNDS COUNT SEED IMPORT_TIMEOUT; do
  [[ ${!v} =~ ^[0-9]+$ && ${!v} -gt 0 ]] || { echo "import_ab.sh: $v must be a positive whole number" >&2; exit 2; }
done
if [[ $# -ne 2 ]]; then
  echo "usage: $0 BINARY_A BINARY_B" >&2
  exit 2
fi
A=$(realpath "$1")
B=$(realpath "$2")
for bin in "$A" "$B"; do
  [[ -x $bin ]] || { echo "import_ab.sh: $bin is not an executable" >&2; exit 2; }
done

mkdir -p "$OUT"
DATA="$OUT/actions-n$COUNT-s$SEED.jsonl"
IDS="$OUT/actions-n$COUNT-s$SEED.published-ids"
if [[ ! -s $DATA ]]; then
  echo "generating $COUNT actions (seed $SEED) into $DATA" >&2
  "$PY" "$ROOT/bench/gen_actions.py" --count "$COUNT" --seed "$SEED" --format jsonl \
    --output "$DATA" --published-ids "$IDS"
fi
WORK=$(mktemp -d "$OUT/import-ab.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# Runs one import; prints its wall time in seconds. Fails the script when the import fails.
import_once() { # BINARY DB
  local t0 t1
  t0=$(date +%s.%N)
  if ! "${PRIO[@]}" timeout "$IMPORT_TIMEOUT" "$1" import --quiet --db "$2" "$DATA" \
      >"$WORK/out" 2>"$WORK/err"; then
    echo "import_ab.sh: $1 import failed:" >&2
    head -20 "$WORK/out" "$WORK/err" >&2
    exit 1
  fi
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'
}

median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END {
  if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A FRESH REPEAT
for r in $(seq 1 "$ROUNDS"); do
  for side in A B; do
    bin=${!side}
    db="$WORK/$side.db"
    rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
    fresh=$(import_once "$bin" "$db")
    again=$(import_once "$bin" "$db")
    if ! grep -q " 0 inserted, 0 updated, $COUNT unchanged, 0 rejected" "$WORK/out"; then
      echo "import_ab.sh: the second import with $side changed something: $(head -1 "$WORK/out")" >&2
      exit 1
    fi
    FRESH[$side]="${FRESH[$side]:-} $fresh"
    REPEAT[$side]="${REPEAT[$side]:-} $again"
    printf 'round %d %s: import %s s, re-import %s s (load %s)\n' "$r" "$side" "$fresh" "$again" \
      "$(cut -d' ' -f1 /proc/loadavg)"
  done
done
echo
for side in A B; do
  printf '%s = %s\n  import:    %s  median %s s\n  re-import: %s  median %s s\n' "$side" "${!side}" \
    "${FRESH[$side]}" "$(median <<<"${FRESH[$side]}")" "${REPEAT[$side]}" "$(median <<<"${REPEAT[$side]}")"
done
awk -v a="$(median <<<"${FRESH[A]}")" -v b="$(median <<<"${FRESH[B]}")" \
    -v ra="$(median <<<"${REPEAT[A]}")" -v rb="$(median <<<"${REPEAT[B]}")" \
  'BEGIN { printf "B/A: import %.2f, re-import %.2f\n", b / a, rb / ra }'
