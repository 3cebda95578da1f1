#!/usr/bin/env bash
# The SIP floor: sipp registers (REGISTER -> 401 -> REGISTER -> 200, bench/sipp/register-digest.xml) through two
# bare jain-sip hops (SipFloor.java: a stateful proxy and a registrar that checks and stores nothing), no HSS, no
# proxy, no database. Prints registrations/s, latency and the CPU per registration of each process: what the two SIP
# hops of bench/sip cost at the least, with the CSCFs' stack settings (jain-sip-runtime). See README.md.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
USERS=${BENCH_USERS:-100}              # concurrent registrations (sipp -users, closed loop)
WARMUP=${BENCH_WARMUP:-90}             # seconds of load before the measured window (JIT)
DURATION=${BENCH_DURATION:-30}         # measured seconds
JAVA_OPTS=${BENCH_JAVA_OPTS:--XX:+UseSerialGC -Xms48m -Xmx128m -Xmn32m -XX:SurvivorRatio=4 -Xss512k -XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m -XX:CICompilerCount=2 -XX:TrimNativeHeapInterval=5000 -XX:MaxMetaspaceSize=128m}
PROXY_PORT=${BENCH_PROXY_SIP_PORT:-15460}
REGISTRAR_PORT=${BENCH_REGISTRAR_SIP_PORT:-15462}
SIPP_PORT=${BENCH_SIPP_PORT:-15470}

command -v sipp >/dev/null || { echo "sipp is missing (Debian: apt-get install sip-tester)" >&2; exit 1; }
WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

cd "$ROOT"
./mvnw -B -q -pl jain-sip-runtime -am compile
./mvnw -B -q -pl jain-sip-runtime dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="$ROOT/jain-sip-runtime/target/classes:$(cat "$WORK/cp.txt")"

start() {  # name args...: one JVM, waits for its "ready" line
    local name=$1
    shift
    # shellcheck disable=SC2086  # JAVA_OPTS is a list
    java $JAVA_OPTS -cp "$CP" "$HERE/SipFloor.java" "$@" >"$WORK/$name.log" 2>&1 &
    PIDS+=($!)
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
python3 "$ROOT/bench/sip/provision.py" users-csv --users 2000 --out "$WORK/users.csv" --password floor

ticks() {  # pid -> utime+stime in clock ticks
    awk '{ print $14 + $15 }' "/proc/$1/stat"
}
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
sleep 1
HZ=$(getconf CLK_TCK)
T0=$(date +%s.%N)
P0=$(ticks "$PROXY_PID"); R0=$(ticks "$REGISTRAR_PID"); S0=$(ticks "$(pgrep -P "$SIPP_PID" sipp || echo "$SIPP_PID")")
read -r B0 _ < <(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $0 }' /proc/stat)
sleep $((DURATION - 3))
P1=$(ticks "$PROXY_PID"); R1=$(ticks "$REGISTRAR_PID"); S1=$(ticks "$(pgrep -P "$SIPP_PID" sipp || echo "$SIPP_PID")")
read -r B1 _ < <(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $0 }' /proc/stat)
T1=$(date +%s.%N)
wait "$SIPP_PID" || true

python3 - "$WORK/measure/"*rtt*.csv "$T0" "$T1" "$HZ" "$P0" "$P1" "$R0" "$R1" "$S0" "$S1" "$B0" "$B1" "$USERS" <<'EOF'
import sys
rtt_file, t0, t1, hz = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
p0, p1, r0, r1, s0, s1, b0, b1 = map(float, sys.argv[5:13])
users = sys.argv[13]
rows = [line.split(";") for line in open(rtt_file).read().splitlines()[1:] if line]
# rows: Date_ms (since sipp start); response_time_ms; rtd_no. Count the calls that ended inside the CPU window.
start_ms = 1000.0  # the window starts 1 s after sipp
end_ms = start_ms + (t1 - t0) * 1000
inside = [float(r[1]) for r in rows if start_ms <= float(r[0]) < end_ms]
wall = t1 - t0
n = len(inside)
inside.sort()
pct = lambda q: inside[min(n - 1, max(0, int(round(q / 100 * n + 0.5)) - 1))] if n else float("nan")
cpu = {"proxy": (p1 - p0) / hz, "registrar": (r1 - r0) / hz, "sipp": (s1 - s0) / hz}
print(f"users={users} window_s={wall:.1f} registrations={n} rate={n / wall:.1f}/s "
      f"p50_ms={pct(50):.0f} p99_ms={pct(99):.0f} machine_busy_cores={(b1 - b0) / hz / wall:.2f}")
print("cpu cores: " + " ".join(f"{k}={v / wall:.2f}" for k, v in cpu.items()))
if n:
    print("cpu ms per registration: " + " ".join(f"{k}={v * 1000 / n:.2f}" for k, v in cpu.items())
          + f" (two SIP hops: {(cpu['proxy'] + cpu['registrar']) * 1000 / n:.2f})")
EOF
echo "errors in the measured run: $(grep -c . "$WORK/measure/errors.log" 2>/dev/null || echo 0) lines"
