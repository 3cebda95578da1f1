#!/usr/bin/env bash
# Whole chain over WebSocket: RegisterLoad.java -> eP-CSCF -> I-CSCF -> S-CSCF, with the HSS and web-auth proxy
# behind, all on PostgreSQL, each service its own JVM. See README.md in this directory ("Whole chain: chain.sh").
#
# The four services behind the eP-CSCF, the databases and the users come from bench/sip/run.sh in BENCH_HOLD=1 mode
# (it starts PostgreSQL, the proxy, HSS, S-CSCF and I-CSCF, provisions the users, checks one sipp registration and
# keeps running). This script adds an EP_CSCF token for the eP-CSCF to the HSS, starts the eP-CSCF next to them,
# runs RegisterLoad.java at each level (warm-up + measured window in one run), then the idle hold with the
# eP-CSCF's RSS sampled (run.sh of this directory), and prints a summary with the conditions.
# Ctrl-C / SIGTERM / exit: the tool, the eP-CSCF, then bench/sip/run.sh (which stops its JVMs, drops its
# databases and stops PostgreSQL if it started it).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../common/lib.sh
source "$ROOT/bench/common/lib.sh"

# ---- knobs (all also read by bench/sip/run.sh: BENCH_JAVA_OPTS, BENCH_<SERVICE>_JAVA_OPTS, BENCH_<SERVICE>_ENV, ports)
USERS=${BENCH_USERS:-10000}                 # provisioned users (naming sipp of bench/common/Bench.java, one WWSF + origin each)
LEVELS=${BENCH_LEVELS-10 100}               # connections of each load phase (one user per connection; "" = none)
WARMUP=${BENCH_WARMUP:-30}                  # warm-up seconds of each load phase (same tool run, not counted)
DURATION=${BENCH_DURATION:-30}              # measured seconds of each load phase
LOAD_TIMEOUT=${BENCH_LOAD_TIMEOUT:-5s}      # RegisterLoad --timeout
HOLD_CONNS=${BENCH_HOLD_CONNS:-$USERS}      # idle registered connections of the hold (0 = no hold)
HOLD_FOR=${BENCH_HOLD_FOR:-60}              # seconds the connections are held idle after the ramp
HOLD_CONCURRENCY=${BENCH_HOLD_CONCURRENCY:-200}  # connect+register in flight during the ramp
CONNECT_RATE=${BENCH_CONNECT_RATE:-150}     # handshakes/s during the ramp (the eP-CSCF allows 200 per IP and second)
EPCSCF_PORT=${BENCH_EPCSCF_PORT:-18194}     # WebSocket endpoint
EPCSCF_MGMT_PORT=${BENCH_EPCSCF_MANAGEMENT_PORT:-18294}  # actuator (readiness, metrics)
EPCSCF_SIP_PORT=${BENCH_EPCSCF_SIP_PORT:-15164}
MSG_LIMIT=${BENCH_EPCSCF_MSG_LIMIT:-1000}   # epcscf.limits.messages-per-connection-per-second (default 50: caps 10 connections at 250/s)
JAVA_OPTS=${BENCH_JAVA_OPTS:-}
EPCSCF_JAVA_OPTS=${BENCH_EPCSCF_JAVA_OPTS:-$JAVA_OPTS}
EPCSCF_ENV=${BENCH_EPCSCF_ENV:-}            # extra VAR=value settings of the eP-CSCF
# Where the eP-CSCF reads the WWSFs/origins from. hss = epcscf.wwsfs.source=hss (GET /cx/v1/wwsfs, the intended setup);
# static = a generated epcscf.wwsfs.statics file with exactly the WWSFs + origins provisioning puts into the HSS.
# Observed (20261128T042734Z): with 10,000 WWSFs the HSS's list is larger than the 256 KiB the eP-CSCF's WebClient
# buffers, the eP-CSCF logs "Cannot read the WWSF list from the HSS: HSS answered 200" and refuses every handshake
# with 503; so the default is static from 2,000 users on (see README.md).
WWSF_SOURCE=${BENCH_EPCSCF_WWSFS:-$( (( USERS >= 2000 )) && echo static || echo hss )}
START_TIMEOUT=${BENCH_START_TIMEOUT:-900}   # seconds for bench/sip/run.sh to start + provision, and for the eP-CSCF
TARGET_LEVEL=100
TARGET_RATE=1000
TARGET_P99_MS=100
TARGET_RSS_MIB=512
# ------------------------------------------------------------------------------------------------------------------

TS=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=${BENCH_RESULTS_DIR:-$ROOT/bench/results}
DIR=$RESULTS/chain-$TS
mkdir -p "$DIR"
SUMMARY=$DIR/summary.txt

load1() { cut -d' ' -f1 /proc/loadavg; }

# the four services' ports and databases: others than bench/sip/run.sh's defaults, so that a bench/sip run of someone
# else on this shared machine does not collide (same cluster, different database names)
export BENCH_PROXY_PORT=${BENCH_PROXY_PORT:-18290} BENCH_HSS_PORT=${BENCH_HSS_PORT:-18291} \
    BENCH_ICSCF_HTTP_PORT=${BENCH_ICSCF_HTTP_PORT:-18292} BENCH_SCSCF_HTTP_PORT=${BENCH_SCSCF_HTTP_PORT:-18293} \
    BENCH_ICSCF_SIP_PORT=${BENCH_ICSCF_SIP_PORT:-15260} BENCH_SCSCF_SIP_PORT=${BENCH_SCSCF_SIP_PORT:-15262} \
    BENCH_SIPP_PORT=${BENCH_SIPP_PORT:-15270} BENCH_DB_PREFIX=${BENCH_DB_PREFIX:-bench_chain_}

for tool in java curl su pg_lsclusters; do command -v "$tool" >/dev/null || die "$tool is required"; done
[[ $USERS =~ ^[0-9]+$ ]] || die "BENCH_USERS must be a number"
for level in $LEVELS; do
    [[ $level =~ ^[0-9]+$ ]] && (( level > 0 && level < USERS )) || die "BENCH_LEVELS: each level must be 1..BENCH_USERS-1"
done
(( HOLD_CONNS <= USERS )) || die "BENCH_HOLD_CONNS=$HOLD_CONNS > BENCH_USERS=$USERS (one user per connection)"
for p in "$EPCSCF_PORT" "$EPCSCF_SIP_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then die "port $p is already in use (BENCH_EPCSCF_*PORT)"; fi
done

WORK=$(mktemp -d /tmp/bench-chain.XXXXXX)
SIP_RUN_PID="" EP_PID="" LOAD_PID="" SAMPLER_PID=""
cleanup() {
    local rc=$?
    set +e
    [[ -n $SAMPLER_PID ]] && kill "$SAMPLER_PID" 2>/dev/null
    stop_java "$LOAD_PID" "RegisterLoad" 5
    stop_java "$EP_PID" "eP-CSCF" 30
    # bench/sip/run.sh stops the four JVMs, drops its databases and stops PostgreSQL if it started it
    stop_java "$SIP_RUN_PID" "bench/sip/run.sh (proxy, HSS, S-CSCF, I-CSCF, databases)" 200
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- conditions before the run -----------------------------------------------------------------------------------
IDLE_LINE=$(idle_cpu_line "$WORK")
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "before the run: machine $(kv "$IDLE_LINE" machine_busy_pct)% busy over 3 s ($(kv "$IDLE_LINE" top_foreign)), load average $LOAD_BEFORE"

# ---- (0) PostgreSQL: started here if it is down and left running at exit. bench/sip/run.sh stops the cluster at exit
# only when it started it; on this shared machine another engineer's run may be using it by then.
pg_cluster_up 15 main

# ---- (1) PostgreSQL + proxy, HSS, S-CSCF, I-CSCF + provisioning: bench/sip/run.sh in hold mode ---------------------
EP_HSS_TOKEN=bench-epcscf-$(rand_hex 24)
log "starting bench/sip/run.sh (BENCH_HOLD=1, $USERS users); its output: $DIR/sip-run.log"
BENCH_HOLD=1 BENCH_USERS=$USERS BENCH_LEVELS=1 BENCH_RESULTS_DIR=$DIR \
    BENCH_HSS_ENV="${BENCH_HSS_ENV:-} APIAUTH_CLIENTS_3_NAME=epcscf APIAUTH_CLIENTS_3_TOKEN=$EP_HSS_TOKEN APIAUTH_CLIENTS_3_ROLE=EP_CSCF" \
    bash "$ROOT/bench/sip/run.sh" >"$DIR/sip-run.log" 2>&1 &
SIP_RUN_PID=$!
T0=$(date +%s)
ENV_FILE=""
until [[ -n $ENV_FILE ]]; do
    kill -0 "$SIP_RUN_PID" 2>/dev/null || { tail -n 30 "$DIR/sip-run.log" >&2; SIP_RUN_PID=""; die "bench/sip/run.sh exited (see $DIR/sip-run.log)"; }
    (( $(date +%s) - T0 < START_TIMEOUT )) || die "bench/sip/run.sh not holding within ${START_TIMEOUT}s"
    ENV_FILE=$(grep -o 'settings in [^;]*/env' "$DIR/sip-run.log" 2>/dev/null | head -n1 | sed 's/^settings in //' || true)
    sleep 2
done
# shellcheck disable=SC1090
source "$ENV_FILE"   # PROXY_URL HSS_URL ICSCF_SIP_PORT *_PID POSTMASTER_PID tokens
SIP_READY_S=$(( $(date +%s) - T0 ))
PROVISION_LINES=$(grep -E 'RESULT step=|functional check ok|ready after' "$DIR/sip-run.log" | sed 's/^/  /' || true)
log "four services up and $USERS users provisioned after ${SIP_READY_S}s"

# ---- (2) the eP-CSCF -----------------------------------------------------------------------------------------------
EP_JAR_SRC=$(find_jar ep-cscf-service) || die "no ep-cscf-service/target/*-exec.jar; build it (see README.md)"
copy_jar "$EP_JAR_SRC" "$WORK/ep-cscf.jar"   # a concurrent rebuild must not swap the jar under the running JVM
EP_JAR_SHA=$(sha256sum "$WORK/ep-cscf.jar" | cut -c1-12)
WWSF_ENV=""
WWSF_SIZE=$(curl -s -o /dev/null -w '%{size_download} bytes, HTTP %{http_code}' -H "Authorization: Bearer $EP_HSS_TOKEN" "$HSS_URL/cx/v1/wwsfs" || echo NA)
if [[ $WWSF_SOURCE == static ]]; then
    bench_tool wwsfs-yml --users "$USERS" --out "$WORK/wwsfs.yml"   # naming sipp: WWSF w<i:06d>.sipp.example.com, origin https://<wwsf>
    WWSF_ENV="SPRING_CONFIG_ADDITIONALLOCATION=file:$WORK/wwsfs.yml"
elif [[ $WWSF_SOURCE != hss ]]; then
    die "BENCH_EPCSCF_WWSFS must be hss or static"
fi
log "WWSF source of the eP-CSCF: $WWSF_SOURCE (the HSS's GET /cx/v1/wwsfs: $WWSF_SIZE)"
EP_LOG=$DIR/ep-cscf.log
EP_GC=$DIR/ep-cscf-gc.log
EP_URL=ws://127.0.0.1:$EPCSCF_PORT/sip
log "starting the eP-CSCF :$EPCSCF_PORT (ws) sip $EPCSCF_SIP_PORT -> I-CSCF $ICSCF_SIP_PORT; java ${EPCSCF_JAVA_OPTS:-<defaults>}"
epcscf_start "$WORK/ep-cscf.jar" "$EP_LOG" "$EPCSCF_PORT" "$EPCSCF_MGMT_PORT" "$EPCSCF_SIP_PORT" "$ICSCF_SIP_PORT" "$HSS_URL" \
    "$EP_HSS_TOKEN" "$EPCSCF_JAVA_OPTS" "EPCSCF_LIMITS_MESSAGESPERCONNECTIONPERSECOND=$MSG_LIMIT $WWSF_ENV $EPCSCF_ENV" "$EP_GC"
EP_NOFILE=$(awk '/Max open files/ {print $4}' "/proc/$EP_PID/limits")
EP_SIP_OK=no; grep -q "listening on 127.0.0.1:$EPCSCF_SIP_PORT " "$EP_LOG" && EP_SIP_OK=yes
log "eP-CSCF ready after ${EP_READY_S}s (pid $EP_PID, nofile $EP_NOFILE, SIP listening confirmed: $EP_SIP_OK), RSS $(rss_mib "$EP_PID") MiB"

snap() {  # file
    cpu_snap "$1" epcscf="$EP_PID" icscf="$ICSCF_PID" scscf="$SCSCF_PID" hss="$HSS_PID" proxy="$PROXY_PID" \
        client="${LOAD_PID:-0}" postgres="$POSTMASTER_PID"
}
metric() {  # name -> value of a Prometheus gauge/counter of the eP-CSCF (sum over tags)
    curl -s "http://127.0.0.1:$EPCSCF_MGMT_PORT/actuator/prometheus" 2>/dev/null \
        | awk -v n="$1" '$1 ~ "^"n"({|$)" { s += $2; f = 1 } END { if (f) printf "%g", s; else print "NA" }'
}
scscf_sql() { su postgres -s /bin/sh -c "cd / && psql -X -q -At -p $PG_PORT -d ${BENCH_DB_PREFIX}scscf -c \"$1\"" 2>/dev/null || echo NA; }
cd "$WORK"

# ---- (3) functional check: one registration of the last user over WebSocket -----------------------------------------
users_file sipp 1 "$WORK/users-check.csv" --first $(( USERS - 1 ))
CHECK_OUT=$(register_load --url "$EP_URL" --users "$WORK/users-check.csv" --connections 1 \
    --warmup 0s --duration 2s --timeout 10s 2>&1) && CHECK_RC=0 || CHECK_RC=$?
echo "$CHECK_OUT" >"$DIR/check.txt"
CHECK_LINE=$(grep '^RESULT' <<<"$CHECK_OUT" || echo "RESULT step=load ok=0")
[[ $CHECK_RC == 0 ]] || { echo "$CHECK_OUT" >&2; die "functional check over WebSocket failed ($DIR/check.txt, $EP_LOG)"; }
log "functional check ok: $(kv "$CHECK_LINE" registrations) registrations in 2 s, p50 $(kv "$CHECK_LINE" p50_ms) ms"

# ---- (4) load phases --------------------------------------------------------------------------------------------
declare -A LINE=() CPU=() GCW=() LOADAVG=() RSS_AFTER=()
gc_lines() { wc -l <"$EP_GC" 2>/dev/null || echo 0; }
for level in $LEVELS; do
    users_file sipp "$level" "$WORK/users-$level.csv"
    log "level $level: ${WARMUP}s warm-up + ${DURATION}s measured (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    LOADAVG[$level]="$(load1)"
    register_load --url "$EP_URL" --users "$WORK/users-$level.csv" --connections "$level" \
        --warmup "${WARMUP}s" --duration "${DURATION}s" --timeout "$LOAD_TIMEOUT" \
        >"$DIR/load-$level.txt" 2>"$DIR/load-$level.progress.txt" &
    LOAD_PID=$!
    # CPU window ~ the measured window (the connections open within the first second)
    sleep $(( WARMUP + 1 ))
    snap "$WORK/cpu-$level-0.snap"; g0=$(gc_lines)
    sleep $(( DURATION - 2 ))
    snap "$WORK/cpu-$level-1.snap"; g1=$(gc_lines)
    wait "$LOAD_PID" || true
    LOAD_PID=""
    LOADAVG[$level]+=" -> $(load1)"
    LINE[$level]=$(grep '^RESULT' "$DIR/load-$level.txt" || echo "RESULT step=load ok=0")
    CPU[$level]=$(cpu_diff "$WORK/cpu-$level-0.snap" "$WORK/cpu-$level-1.snap")
    GCW[$level]=$(gc_pauses "$EP_GC" $(( g0 + 1 )) "$g1" 2>/dev/null || echo NA)
    RSS_AFTER[$level]=$(rss_mib "$EP_PID")
    L=${LINE[$level]}
    log "  $(kv "$L" rate_per_s)/s, p50 $(kv "$L" p50_ms) ms, p99 $(kv "$L" p99_ms) ms, errors $(kv "$L" errors) ($(kv "$L" errors_by_status)); cpu: $(grep -o '[a-z]*_cores=[0-9.]*' <<<"${CPU[$level]}" | tr '\n' ' ')"
    kill -0 "$EP_PID" 2>/dev/null || die "the eP-CSCF died during level $level; see $EP_LOG"
done
FLOWS_AFTER_LOAD=$(metric epcscf_flows_open)

# ---- (5) hold: HOLD_CONNS idle registered connections, eP-CSCF RSS sampled ------------------------------------------
HOLD_LINE="" RSS_LINE="" HOLD_IDLE=""
if (( HOLD_CONNS > 0 )); then
    sleep 5
    RSS_BEFORE_HOLD=$(rss_mib "$EP_PID")
    FLOWS_BEFORE_HOLD=$(metric epcscf_flows_open)
    BINDINGS_BEFORE=$(scscf_sql "SELECT count(*) FROM registration_binding")
    users_file sipp "$HOLD_CONNS" "$WORK/users-hold.csv"
    log "hold: $HOLD_CONNS connections (connect rate $CONNECT_RATE/s, $HOLD_CONCURRENCY in flight), then ${HOLD_FOR}s idle; eP-CSCF RSS $RSS_BEFORE_HOLD MiB"
    LOAD_HOLD="$(load1)"
    # the sampler of run.sh covers the whole run (ramp + idle); the idle readings below are taken before the end
    BENCH_RESULTS_DIR=$DIR bash "$HERE/run.sh" "$EP_PID" --url "$EP_URL" --users "$WORK/users-hold.csv" \
        --hold "$HOLD_CONNS" --hold-for "${HOLD_FOR}s" --concurrency "$HOLD_CONCURRENCY" --connect-rate "$CONNECT_RATE" \
        --timeout 10s >"$DIR/hold.txt" 2>&1 &
    LOAD_PID=$!
    H0=$(date +%s)
    until grep -q '^RAMPED' "$DIR/hold.txt" 2>/dev/null; do
        kill -0 "$LOAD_PID" 2>/dev/null || break
        sleep 1
    done
    RAMP_END=$(( $(date +%s) - H0 ))
    if grep -q '^RAMPED' "$DIR/hold.txt"; then
        snap "$WORK/cpu-hold-0.snap"
        # idle readings 10 s before the hold ends (after the eP-CSCF's first ping round when HOLD_FOR > 40)
        sleep $(( HOLD_FOR > 15 ? HOLD_FOR - 10 : 1 ))
        snap "$WORK/cpu-hold-1.snap"
        HOLD_IDLE="rss_idle_mib=$(rss_mib "$EP_PID") flows_open=$(metric epcscf_flows_open) scscf_bindings=$(scscf_sql "SELECT count(*) FROM registration_binding") scscf_distinct_impus=$(scscf_sql "SELECT count(DISTINCT impu) FROM registration_binding") threads=$(ls "/proc/$EP_PID/task" | wc -l) fds=$(ls "/proc/$EP_PID/fd" | wc -l)"
        HOLD_CPU=$(cpu_diff "$WORK/cpu-hold-0.snap" "$WORK/cpu-hold-1.snap")
        # heap after the last GC, native memory summary if enabled
        command -v jcmd >/dev/null && jcmd "$EP_PID" GC.heap_info >"$DIR/ep-cscf-heap-idle.txt" 2>&1 || true
        grep -q NativeMemoryTracking <<<"$EPCSCF_JAVA_OPTS" && jcmd "$EP_PID" VM.native_memory summary >"$DIR/ep-cscf-nmt-idle.txt" 2>&1 || true
        log "hold idle: $HOLD_IDLE"
    fi
    wait "$LOAD_PID" || true
    LOAD_PID=""
    LOAD_HOLD+=" -> $(load1)"
    HOLD_LINE=$(grep '^RESULT step=hold' "$DIR/hold.txt" || echo "RESULT step=hold ok=0")
    RSS_LINE=$(grep '^RESULT step=rss' "$DIR/hold.txt" || echo "RESULT step=rss ok=0")
    sleep 5
    FLOWS_AFTER_HOLD=$(metric epcscf_flows_open)
    RSS_AFTER_HOLD=$(rss_mib "$EP_PID")
fi

# ---- (6) summary ----------------------------------------------------------------------------------------------------
met() { [[ $1 == 1 ]] && echo met || echo missed; }  # 1|0 from ge/le
cores() { grep -o '\b[a-z]*_cores=[0-9.]*' <<<"$1" | grep -v '^cores=' | sed 's/_cores=/ /' | awk '{printf "%s %s, ", $1, $2}' | sed 's/, $//'; }
M=${LINE[$TARGET_LEVEL]:-}
{
    echo "Whole chain over WebSocket (RegisterLoad.java -> eP-CSCF -> I-CSCF -> S-CSCF; HSS + web-auth proxy; PostgreSQL)  $TS"
    echo "commit:      $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo NA)$(git -C "$ROOT" diff --quiet HEAD -- . ':!bench' 2>/dev/null || echo ' (dirty working tree)')"
    echo "machine:     $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(java -version 2>&1 | head -n1)"
    echo "before run:  load average $LOAD_BEFORE; machine $(kv "$IDLE_LINE" machine_busy_pct)% busy over 3 s (top other: $(kv "$IDLE_LINE" top_foreign))"
    echo "java opts:   eP-CSCF: ${EPCSCF_JAVA_OPTS:-<defaults>}; proxy: ${BENCH_PROXY_JAVA_OPTS:-${JAVA_OPTS:-<defaults>}} hss: ${BENCH_HSS_JAVA_OPTS:-${JAVA_OPTS:-<defaults>}} scscf: ${BENCH_SCSCF_JAVA_OPTS:-${JAVA_OPTS:-<defaults>}} icscf: ${BENCH_ICSCF_JAVA_OPTS:-${JAVA_OPTS:-<defaults>}} (+ GC log)"
    echo "eP-CSCF:     jar ${EP_JAR_SRC#"$ROOT"/} (sha256 $EP_JAR_SHA); ready after ${EP_READY_S}s; nofile $EP_NOFILE; SIP listening confirmed: $EP_SIP_OK;"
    echo "             messages-per-connection-per-second=$MSG_LIMIT (default 50) handshakes-per-ip-per-second=default 200; extra env: ${EPCSCF_ENV:-<none>}"
    echo "             WWSF source: $WWSF_SOURCE$( [[ $WWSF_SOURCE == static ]] && echo " (generated epcscf.wwsfs.statics, the $USERS WWSFs + origins of the provisioning)"); the HSS's GET /cx/v1/wwsfs: $WWSF_SIZE"
    echo "services:    bench/sip/run.sh BENCH_HOLD=1, up + $USERS users provisioned after ${SIP_READY_S}s; its log: sip-run.log"
    echo "$PROVISION_LINES"
    echo "check:       one WebSocket registration loop of user $((USERS - 1)): $(kv "$CHECK_LINE" registrations) registrations in 2 s, p50 $(kv "$CHECK_LINE" p50_ms) ms"
    echo
    echo "Load (closed loop, one user per connection; latency = first REGISTER sent -> 200 received; warm-up ${WARMUP}s, measured ${DURATION}s)"
    printf '  %-6s %10s %8s %8s %8s %8s %7s  %s\n' conns "regs/s" p50_ms p90_ms p99_ms max_ms errors "load1 (start -> end)"
    for level in $LEVELS; do
        L=${LINE[$level]}
        printf '  %-6s %10s %8s %8s %8s %8s %7s  %s\n' "$level" "$(kv "$L" rate_per_s)" "$(kv "$L" p50_ms)" "$(kv "$L" p90_ms)" \
            "$(kv "$L" p99_ms)" "$(kv "$L" max_ms)" "$(kv "$L" errors)" "${LOADAVG[$level]}"
        [[ $(kv "$L" errors) != 0 ]] && echo "         errors by status: $(kv "$L" errors_by_status); connect errors: $(kv "$L" connect_errors)"
        echo "         cpu (cores, measured window ~$(kv "${CPU[$level]}" wall_s)s, machine $(kv "${CPU[$level]}" machine_busy_pct)% busy): $(cores "${CPU[$level]}")"
        echo "         jit/gc: $(grep -o '[a-z]*_jit=[0-9.]*\|[a-z]*_gc=[0-9.]*' <<<"${CPU[$level]}" | grep -v '=0.00' | tr '\n' ' ')"
        echo "         foreign (other engineers) $(kv "${CPU[$level]}" foreign_cores) cores, top: $(kv "${CPU[$level]}" top_foreign); eP-CSCF GC: ${GCW[$level]}; RSS after: ${RSS_AFTER[$level]} MiB"
        rate=$(kv "$L" rate_per_s)
        [[ -n $rate && $rate != 0 && $rate != 0.0 ]] && echo "         cpu ms per registration: $(cpums_line "${CPU[$level]}" "$rate" epcscf icscf scscf hss proxy client postgres)"
    done
    echo "  flows open after the load phases: $FLOWS_AFTER_LOAD"
    if (( HOLD_CONNS > 0 )); then
        echo
        echo "Hold: $HOLD_CONNS connections, connect rate $CONNECT_RATE/s, $HOLD_CONCURRENCY in flight, ${HOLD_FOR}s idle (load1 $LOAD_HOLD)"
        echo "  before: RSS $RSS_BEFORE_HOLD MiB, flows open $FLOWS_BEFORE_HOLD, S-CSCF bindings $BINDINGS_BEFORE"
        echo "  $(grep '^RAMPED' "$DIR/hold.txt" | tail -n1)"
        echo "  ${HOLD_LINE#RESULT }"
        echo "  idle, 10 s before the end of the hold: ${HOLD_IDLE:-not reached}"
        [[ -n ${HOLD_CPU:-} ]] && echo "  cpu while idle: $(cores "$HOLD_CPU"); foreign $(kv "$HOLD_CPU" foreign_cores) (top $(kv "$HOLD_CPU" top_foreign))"
        echo "  ${RSS_LINE#RESULT }"
        echo "  5 s after the tool closed its connections: flows open $FLOWS_AFTER_HOLD, RSS $RSS_AFTER_HOLD MiB"
        [[ -s $DIR/ep-cscf-heap-idle.txt ]] && echo "  heap (jcmd GC.heap_info while idle): $(tr -s ' \n' ' ' <"$DIR/ep-cscf-heap-idle.txt" | cut -c1-300)"
    fi
    echo
    echo "eP-CSCF log: $(log_issues "$EP_LOG" 8 "      ")"
    echo
    echo "Targets"
    if [[ -n $M ]]; then
        echo "  $(met "$(ge "$(kv "$M" rate_per_s)" $TARGET_RATE)")  $TARGET_LEVEL connections: $(kv "$M" rate_per_s) registrations/s (>= $TARGET_RATE)"
        echo "  $(met "$(le "$(kv "$M" p99_ms)" $TARGET_P99_MS)")  $TARGET_LEVEL connections: p99 $(kv "$M" p99_ms) ms (<= $TARGET_P99_MS)"
    fi
    if (( HOLD_CONNS > 0 )); then
        REG=$(kv "$HOLD_LINE" registered)
        echo "  $( [[ $REG == "$HOLD_CONNS" && $(kv "$HOLD_LINE" open_at_end) == "$HOLD_CONNS" ]] && echo met || echo missed)  $HOLD_CONNS connections registered and held: registered=$REG open_at_end=$(kv "$HOLD_LINE" open_at_end)"
        echo "  $(met "$(le "$(kv "$RSS_LINE" rss_max_mib)" $TARGET_RSS_MIB)")  eP-CSCF RSS max $(kv "$RSS_LINE" rss_max_mib) MiB over ramp + hold, idle $(kv "$HOLD_IDLE" rss_idle_mib) MiB (<= $TARGET_RSS_MIB)"
    fi
    echo
    echo "files: $DIR/ (load-<level>.txt, hold.txt, ws-register-*.rss.csv, ep-cscf.log, ep-cscf-gc.log, sip-*.{proxy,hss,scscf,icscf}.log)"
} | tee "$SUMMARY"
cp "$SUMMARY" "$RESULTS/chain-$TS.txt"
log "summary: $SUMMARY"
