#!/usr/bin/env bash
# The SIP floor: sipp registers (REGISTER -> 401 -> REGISTER -> 200, bench/sipp/register-digest.xml) through two
# bare jain-sip hops (SipFloor.java: a stateful proxy and a registrar that checks and stores nothing), no HSS, no
# proxy, no database. Prints registrations/s, latency and the CPU per registration of each process: what the two SIP
# hops of bench/sip cost at the least, with the CSCFs' stack settings (jain-sip-runtime). See README.md.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../common/lib.sh
source "$ROOT/bench/common/lib.sh"
USERS=${BENCH_USERS:-100}              # concurrent registrations (sipp -users, closed loop)
WARMUP=${BENCH_WARMUP:-90}             # seconds of load before the measured window (JIT)
DURATION=${BENCH_DURATION:-30}         # measured seconds
JAVA_OPTS=${BENCH_JAVA_OPTS:--XX:+UseSerialGC -Xms48m -Xmx128m -Xmn32m -XX:SurvivorRatio=4 -Xss512k -XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m -XX:CICompilerCount=2 -XX:TrimNativeHeapInterval=5000 -XX:MaxMetaspaceSize=128m}
PROXY_PORT=${BENCH_PROXY_SIP_PORT:-15460}
REGISTRAR_PORT=${BENCH_REGISTRAR_SIP_PORT:-15462}
SIPP_PORT=${BENCH_SIPP_PORT:-15470}

command -v sipp >/dev/null || { echo "sipp is missing (Debian: apt-get install sip-tester)" >&2; exit 1; }
WORK=$(mktemp -d)
REGISTRAR_PID="" PROXY_PID="" SIPP_PID=""
cleanup() {  # (start runs in a command substitution: its JVMs are not children of this shell, stop them by PID)
    [[ -n $SIPP_PID ]] && kill "$SIPP_PID" 2>/dev/null || true
    stop_java "$PROXY_PID" "floor proxy" 10
    stop_java "$REGISTRAR_PID" "floor registrar" 10
    rm -rf "$WORK"
}
trap cleanup EXIT

cd "$ROOT"
# jain-sip-runtime (the CSCFs' stack settings) and its libraries, as the I-CSCF ships them: from its executable jar
# (build: ./mvnw -B -q -o -DskipTests -Dwicpage.skip=true package)
JAR=$(find_jar icscf-service) || die "no icscf-service executable jar; build the services first"
cp "$JAR" "$WORK/icscf.jar"
CP=$(boot_libs "$WORK/icscf.jar" "$WORK")

start() {  # name args...: one JVM, waits for its "ready" line
    local name=$1
    shift
    # shellcheck disable=SC2086  # JAVA_OPTS is a list
    java $JAVA_OPTS -cp "$CP" "$HERE/SipFloor.java" "$@" >"$WORK/$name.log" 2>&1 &
    for _ in $(seq 1 120); do
        grep -q '^ready' "$WORK/$name.log" && { echo "$!"; return; }
        sleep 0.5
    done
    cat "$WORK/$name.log" >&2
    echo "$name did not start" >&2
    exit 1
}
REGISTRAR_PID=$(start registrar registrar "$REGISTRAR_PORT")
PROXY_PID=$(start proxy proxy "$PROXY_PORT" "$REGISTRAR_PORT")
users_file sipp 2000 "$WORK/users.csv" --password floor

sipp_run() {  # dir seconds
    mkdir -p "$WORK/$1"
    (cd "$WORK/$1" && exec sipp "127.0.0.1:$PROXY_PORT" -sf "$ROOT/bench/sipp/register-digest.xml" \
        -inf "$WORK/users.csv" -t t1 -i 127.0.0.1 -p "$SIPP_PORT" -auth_uri ims.example.net -au '[field1]' \
        -ap '[field3]' -users "$USERS" -timeout "${2}s" -nostdin -trace_err -error_file "$WORK/$1/errors.log" \
        -trace_rtt -rtt_freq 1 >/dev/null 2>&1) &
}
echo "warm-up: ${WARMUP}s at $USERS concurrent registrations"
sipp_run warmup "$WARMUP"
wait $! || true
echo "measured: ${DURATION}s"
sipp_run measure "$DURATION"
SIPP_PID=$!
TS=$(now)
sleep 1
cpu_snap "$WORK/cpu0.snap" proxy="$PROXY_PID" registrar="$REGISTRAR_PID" sipp="$SIPP_PID"
T0=$(now)
sleep $((DURATION - 4))
T1=$(now)
cpu_snap "$WORK/cpu1.snap" proxy="$PROXY_PID" registrar="$REGISTRAR_PID" sipp="$SIPP_PID"
wait "$SIPP_PID" || true

# the registrations that ended inside the CPU window (rtt rows: ms since sipp's start)
STATS=$(bench_tool rtt-window "$(ls "$WORK/measure/"*rtt*.csv | head -n1)" \
    "$(awk -v s="$TS" -v t="$T0" 'BEGIN { print (t - s) * 1000 }')" "$(awk -v s="$TS" -v t="$T1" 'BEGIN { print (t - s) * 1000 }')")
N=$(kv "$STATS" registrations)
WALL=$(awk -v a="$T0" -v b="$T1" 'BEGIN { printf "%.3f", b - a }')
RATE=$(awk -v n="$N" -v w="$WALL" 'BEGIN { printf "%.1f", n / w }')
CPU=$(cpu_diff "$WORK/cpu0.snap" "$WORK/cpu1.snap" "$RATE")
echo "users=$USERS window_s=$(kv "$CPU" wall_s) registrations=$N rate=$RATE/s p50_ms=$(kv "$STATS" p50_ms) p99_ms=$(kv "$STATS" p99_ms) machine_busy_cores=$(awk -v p="$(kv "$CPU" machine_busy_pct)" -v c="$(kv "$CPU" cores)" 'BEGIN { printf "%.2f", p * c / 100 }')"
echo "cpu cores: proxy=$(kv "$CPU" proxy_cores) registrar=$(kv "$CPU" registrar_cores) sipp=$(kv "$CPU" sipp_cores) (foreign $(kv "$CPU" foreign_cores): $(kv "$CPU" top_foreign))"
(( N > 0 )) && echo "cpu ms per registration: proxy=$(kv "$CPU" cpums_proxy) registrar=$(kv "$CPU" cpums_registrar) sipp=$(kv "$CPU" cpums_sipp) (two SIP hops: $(awk -v a="$(kv "$CPU" cpums_proxy)" -v b="$(kv "$CPU" cpums_registrar)" 'BEGIN { printf "%.2f", a + b }'))"
echo "errors in the measured run: $(grep -c . "$WORK/measure/errors.log" 2>/dev/null || echo 0) lines"
