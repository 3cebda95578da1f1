#!/usr/bin/env bash
# The long fuzz run of the eP-CSCF (issue 11 finding 5): FuzzLoad.java sends BENCH_FRAMES mutated frames
# (FrameMutator, the build's EdgeFuzzTest mutator, fixed seed) over WebSocket to a real eP-CSCF JVM and counts what
# came back: answers by status, closes by code, silent drops, frames without any answer. Behind the eP-CSCF stands
# the SIP floor registrar (bench/sip-floor/SipFloor.java: 401 then 200, nothing checked) in place of the I-CSCF, so
# that what passes the edge is answered at once; the build's EdgeFuzzTest runs the real chain. Also: the eP-CSCF's
# RSS before/after, its WARN/ERROR/exception lines, its epcscf.input.rejected counters, a good user registering after
# the run. These are robustness counts, not performance claims: there is no Kamailio anchor for a fuzz run.
#
#   bench/fuzz/run.sh            (knobs: BENCH_FRAMES, BENCH_WORKERS, BENCH_SEED, BENCH_MAX_SECONDS, BENCH_SKIP_BUILD=1,
#                                 ports below)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../common/lib.sh
source "$ROOT/bench/common/lib.sh"

FRAMES=${BENCH_FRAMES:-1000000}
WORKERS=${BENCH_WORKERS:-64}
MAX_SECONDS=${BENCH_MAX_SECONDS:-0}        # time budget of the fuzz phase (0 = none): stops early, reports what was sent
SEED=${BENCH_SEED:-20261207}
EP_PORT=${BENCH_EPCSCF_PORT:-18394}
EP_MANAGEMENT_PORT=${BENCH_EPCSCF_MANAGEMENT_PORT:-18494}   # actuator (metrics): not on the WebSocket port
EP_SIP_PORT=${BENCH_EPCSCF_SIP_PORT:-15364}
REGISTRAR_PORT=${BENCH_REGISTRAR_SIP_PORT:-15366}
EP_JAVA_OPTS=${BENCH_EPCSCF_JAVA_OPTS:--Xms64m -Xmx256m}
WWSF=wwsf.fuzz.example
ORIGIN=https://$WWSF
IMPU=sip:fuzz.web@ims.example.net
WEB_IDENTITY=fuzz@idp.example.com

for tool in java curl unzip; do command -v "$tool" >/dev/null || die "$tool is required"; done
for p in "$EP_PORT" "$EP_SIP_PORT" "$REGISTRAR_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then die "port $p is already in use"; fi
done

TS=$(date -u +%Y%m%dT%H%M%SZ)
DIR=${BENCH_RESULTS_DIR:-$ROOT/bench/results}/fuzz-$TS
mkdir -p "$DIR"
WORK=$(mktemp -d /tmp/bench-fuzz.XXXXXX)
EP_PID="" REG_PID=""
cleanup() {
    local rc=$?
    set +e
    stop_java "$EP_PID" "eP-CSCF" 30
    stop_java "$REG_PID" "floor registrar" 10
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cd "$ROOT"
if [[ ${BENCH_SKIP_BUILD:-0} != 1 ]]; then
    log "building ep-cscf-service (jar + test classes: FrameMutator)"
    ./mvnw -B -q -o -pl ep-cscf-service -am package -DskipTests >&2
fi
JAR=$(find_jar ep-cscf-service) || die "no ep-cscf-service executable jar (run without BENCH_SKIP_BUILD)"
copy_jar "$JAR" "$WORK/ep-cscf.jar"
cp -r ep-cscf-service/target/test-classes "$WORK/test-classes"
# the floor registrar runs on the eP-CSCF jar's own libraries (jain-sip-runtime, jain-sip-ri, slf4j, logback)
LIBS=$(boot_libs "$WORK/ep-cscf.jar" "$WORK")

log "starting the floor registrar on SIP port $REGISTRAR_PORT"
java -Xmx128m -cp "$LIBS" "$ROOT/bench/sip-floor/SipFloor.java" \
    registrar "$REGISTRAR_PORT" >"$DIR/registrar.log" 2>&1 &
REG_PID=$!

log "starting the eP-CSCF on ws://127.0.0.1:$EP_PORT/sip ($EP_JAVA_OPTS), the floor registrar as its I-CSCF"
# static WWSF (no HSS: the HSS settings keep their defaults), no rate limits
epcscf_start "$WORK/ep-cscf.jar" "$DIR/ep-cscf.log" "$EP_PORT" "$EP_MANAGEMENT_PORT" "$EP_SIP_PORT" "$REGISTRAR_PORT" \
    http://localhost:8091 "" "$EP_JAVA_OPTS" "EPCSCF_WWSFS_SOURCE=static EPCSCF_WWSFS_STATICS_0_IDENTITY=$WWSF \
    EPCSCF_WWSFS_STATICS_0_ORIGINS_0=$ORIGIN EPCSCF_LIMITS_MESSAGESPERCONNECTIONPERSECOND=1000000 \
    EPCSCF_LIMITS_HANDSHAKESPERIPPERSECOND=1000000"
for _ in $(seq 1 240); do
    grep -q '^ready' "$DIR/registrar.log" && break
    kill -0 "$REG_PID" 2>/dev/null || { tail -n 30 "$DIR/registrar.log" >&2; die "the floor registrar exited"; }
    sleep 0.5
done

rejected() { curl -sf "http://127.0.0.1:$EP_MANAGEMENT_PORT/actuator/prometheus" | grep '^epcscf_input_rejected_total' \
    | sed -E 's/.*reason="([^"]+)".* ([0-9.E]+)$/\1=\2/' | tr '\n' ' ' || echo NA; }

RSS_BEFORE=$(rss_mib "$EP_PID")
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "eP-CSCF pid $EP_PID RSS $RSS_BEFORE MiB; fuzzing $FRAMES frames over $WORKERS connections (seed $SEED)"
set +e
java -Xmx256m -cp "$WORK/test-classes" "$HERE/FuzzLoad.java" "ws://127.0.0.1:$EP_PORT/sip" "$ORIGIN" "$IMPU" \
    "$WEB_IDENTITY" "$WWSF" "$FRAMES" "$WORKERS" "$SEED" "$MAX_SECONDS" 2>&1 | tee "$DIR/fuzz.txt"
STATUS=${PIPESTATUS[0]}
set -e
RSS_AFTER=$(rss_mib "$EP_PID")
ALIVE=$(kill -0 "$EP_PID" 2>/dev/null && echo yes || echo no)
EXCEPTIONS=$(grep -cE 'Exception|\bat [a-z]+\.[a-zA-Z.$]+\(' "$DIR/ep-cscf.log" || true)
{
    echo "fuzz run $TS: $FRAMES frames, $WORKERS connections, seed $SEED, eP-CSCF $EP_JAVA_OPTS"
    echo "machine: $(nproc) cores, load average before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg)"
    grep '^RESULT' "$DIR/fuzz.txt" || echo "RESULT step=fuzz missing (tool exit $STATUS)"
    echo "eP-CSCF alive after the run: $ALIVE; RSS before $RSS_BEFORE MiB, after $RSS_AFTER MiB"
    echo "eP-CSCF log: $(log_issues "$DIR/ep-cscf.log" 5 '  ')"
    echo "eP-CSCF log lines with an exception or stack frame: $EXCEPTIONS"
    echo "epcscf.input.rejected: $(rejected)"
    echo "These are robustness counts, not performance claims (no Kamailio anchor exists for a fuzz run)."
} | tee "$DIR/summary.txt"
exit "$STATUS"
