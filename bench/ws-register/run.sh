#!/usr/bin/env bash
# Runs RegisterLoad.java (usually --hold) while sampling the eP-CSCF's RSS, for the target
# "10,000 idle registered WebSocket connections held by one eP-CSCF with <= 512 MiB RSS". See README.md.
#
#   bench/ws-register/run.sh <PID|auto> <RegisterLoad.java arguments...>
#   e.g. bench/ws-register/run.sh auto --url ws://127.0.0.1:8094/sip --users users.csv --hold 10000 --hold-for 120s
#
# PID "auto" = the one running JVM whose command line mentions ep-cscf (refuses to guess between several).
# Env: BENCH_RSS_INTERVAL (s, default 1), BENCH_RSS_TARGET_MIB (default 512), BENCH_RESULTS_DIR (default bench/results).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RESULTS=${BENCH_RESULTS_DIR:-$ROOT/bench/results}
# shellcheck source=../common/lib.sh
source "$ROOT/bench/common/lib.sh"
INTERVAL=${BENCH_RSS_INTERVAL:-1}
TARGET_MIB=${BENCH_RSS_TARGET_MIB:-512}

[ $# -ge 2 ] || { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
PID=$1; shift
if [ "$PID" = auto ]; then
  mapfile -t CANDIDATES < <(pgrep -f 'java.*ep-cscf' || true)
  [ "${#CANDIDATES[@]}" -eq 1 ] || { echo "PROBLEM found ${#CANDIDATES[@]} JVMs matching 'java.*ep-cscf' (${CANDIDATES[*]:-none}); pass the PID" >&2; exit 2; }
  PID=${CANDIDATES[0]}
fi
[ -r "/proc/$PID/status" ] || { echo "PROBLEM no process $PID" >&2; exit 2; }

# one socket (file descriptor) per connection on this side; the eP-CSCF's own limit is set where it is started
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

mkdir -p "$RESULTS"
BASE=$RESULTS/ws-register-$(date -u +%Y%m%dT%H%M%SZ)
CSV=$BASE.rss.csv
echo "epoch_s,rss_kib" >"$CSV"
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$PID/status" 2>/dev/null || echo 0; }

BEFORE=$(rss_kib)
( while kill -0 "$PID" 2>/dev/null; do echo "$(date +%s),$(rss_kib)" >>"$CSV"; sleep "$INTERVAL"; done ) &
SAMPLER=$!
trap 'kill "$SAMPLER" 2>/dev/null || true' EXIT

echo "eP-CSCF pid $PID ($(tr '\0' ' ' <"/proc/$PID/cmdline" | cut -c1-160)), RSS before: $((BEFORE / 1024)) MiB" | tee "$BASE.txt"
set +e
# the tool forwards Ctrl-C: in --hold mode without --hold-for, SIGINT ends the hold and prints the RESULT line
register_load "$@" 2>&1 | tee -i -a "$BASE.txt"
STATUS=${PIPESTATUS[0]}
set -e
END=$(rss_kib)
kill "$SAMPLER" 2>/dev/null || true

MAX=$(awk -F, 'NR > 1 && $2 > m {m = $2} END {print m + 0}' "$CSV")
VERDICT=FAIL; [ "$MAX" -le $((TARGET_MIB * 1024)) ] && VERDICT=PASS
{
  echo "eP-CSCF RSS: before $((BEFORE / 1024)) MiB, max during run $((MAX / 1024)) MiB, at end $((END / 1024)) MiB (samples: $CSV)"
  echo "target max RSS <= $TARGET_MIB MiB: $VERDICT"
  echo "RESULT step=rss ok=$([ "$STATUS" -eq 0 ] && echo 1 || echo 0) pid=$PID rss_before_mib=$((BEFORE / 1024)) rss_max_mib=$((MAX / 1024)) rss_end_mib=$((END / 1024)) target_mib=$TARGET_MIB verdict=$VERDICT tool_exit=$STATUS"
} | tee -i -a "$BASE.txt"
exit "$STATUS"
