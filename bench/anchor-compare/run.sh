#!/usr/bin/env bash
# Issue 12: the Kamailio anchor and this project, interleaved in ONE run on the same machine, driven by the same load
# tool (bench/ws-register/RegisterLoad.java) with the same users and messages. See README.md in this directory.
#
#   bench/anchor-compare/run.sh                      # the full run (35-45 min); as root (su postgres, Kamailio)
#   BENCH_WARMUP=10 BENCH_DURATION=10 BENCH_USERS=400 BENCH_SEQUENCE="anchor jvm5 local" bench/anchor-compare/run.sh
#
# Phases (BENCH_SEQUENCE): anchor = the three-node Kamailio chain (UL_DB=1) on the Debian PostgreSQL 15 cluster;
# jvm5 = the five services, one JVM each with the JVM options docker/Dockerfile ships, on the same cluster;
# local = the local launcher (what ./run-local.sh starts: one JVM, embedded PostgreSQL).
# Each phase: a fresh start, BENCH_WARMUP s of load at C = 100, then C = 1 with BENCH_THINK between registrations,
# C = 10 and C = 100 (each BENCH_LEVEL_WARMUP s + BENCH_DURATION s measured), CPU of every process tree over each
# measured window (/proc), idle RSS after provisioning, optionally JFR of every JVM in the C = 100 window.
# Ctrl-C / exit: the load tool, Kamailio, the JVMs, the databases this script created, and PostgreSQL if it started it.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=../common/lib.sh
source "$ROOT/bench/common/lib.sh"

# ---- knobs -------------------------------------------------------------------------------------------------------------
USERS=${BENCH_USERS:-2000}                   # the same users in the anchor and the project (>= 100)
SEQUENCE=${BENCH_SEQUENCE:-anchor jvm5 anchor jvm5 local}   # phases in run order: anchor | jvm5 | local
WARMUP=${BENCH_WARMUP:-60}                   # s of load at C = 100 after each start, before the measured levels
LEVEL_WARMUP=${BENCH_LEVEL_WARMUP:-5}        # s of load at each level before its measured window (not counted)
DURATION=${BENCH_DURATION:-30}               # measured s per level
THINK=${BENCH_THINK:-100ms}                  # pause after each registration at C = 1
IDLE=${BENCH_IDLE:-20}                       # s idle after provisioning before the RSS reading
WARMUP_MAX=${BENCH_WARMUP_MAX:-300}          # project phases: the C = 100 warm-up goes on in 20 s steps until the JIT
JIT_IDLE=${BENCH_JIT_IDLE:-0.10}             # ... compiler threads of its JVMs use < JIT_IDLE cores, at most WARMUP_MAX s in all
JIT_WARMUP_C=${BENCH_JIT_WARMUP_C:-10}       # connections of those steps (C = 10 makes progress where a cold system at C = 100 times out)
SETTLE=${BENCH_SETTLE:-5}                    # s without load after the warm-up (registrations the tool gave up on drain)
LOAD_TIMEOUT=${BENCH_LOAD_TIMEOUT:-5s}       # a registration not answered within this is an error
PROFILE=${BENCH_PROFILE:-last}               # JFR in the C = 100 window: last (the last jvm5 and the last local phase) | all | none
MSG_LIMIT=${BENCH_EPCSCF_MSG_LIMIT:-1000}    # epcscf.limits.messages-per-connection-per-second (default 50 caps C = 10 at 250/s)
MEM_MIB=${BENCH_MEM_LIMIT_MIB:-$(compose_mem_limit_mib)}   # container memory of docker-compose.yml -> -Xmx/-Xms
PROD_JAVA_OPTS=${BENCH_PROD_JAVA_OPTS:-$(dockerfile_java_opts "$MEM_MIB")}
PROD_MALLOC_ARENA_MAX=$(dockerfile_env MALLOC_ARENA_MAX)
LOCAL_JAVA_OPTS=${BENCH_LOCAL_JAVA_OPTS:-}   # ./run-local.sh starts `java -jar` without options
ANCHOR=${BENCH_ANCHOR_DIR:-/work/shared/anchors/kamailio-chain}
PG_VERSION=${BENCH_PG_VERSION:-15}
PG_CLUSTER=${BENCH_PG_CLUSTER:-main}
TARGET_RATE_RATIO=0.5 TARGET_P99_RATIO=3 TARGET_P50_RATIO=2 TARGET_CPU_MS=3.5 TARGET_RSS_MIB=1024
# ports of the jvm5 shape (others than bench/sip and bench/ws-register/chain.sh use)
EP_PORT=18394 EP_MGMT_PORT=18494 EP_SIP_PORT=15364
export BENCH_PROXY_PORT=18390 BENCH_HSS_PORT=18391 BENCH_ICSCF_HTTP_PORT=18392 BENCH_SCSCF_HTTP_PORT=18393 \
    BENCH_ICSCF_SIP_PORT=15360 BENCH_SCSCF_SIP_PORT=15362 BENCH_SIPP_PORT=15370 BENCH_DB_PREFIX=bench_ac_
# -----------------------------------------------------------------------------------------------------------------------

for tool in java jcmd curl su pg_lsclusters sipp /usr/sbin/kamailio; do
    command -v "$tool" >/dev/null || die "$tool is required (Kamailio: apt-get install -y kamailio kamailio-websocket-modules kamailio-postgres-modules)"
done
[[ $USERS =~ ^[0-9]+$ ]] && (( USERS >= 100 )) || die "BENCH_USERS must be >= 100 (C = 100, one or more users per connection)"
for k in $SEQUENCE; do [[ $k == anchor || $k == jvm5 || $k == local ]] || die "BENCH_SEQUENCE: anchor | jvm5 | local"; done
[[ -f $ANCHOR/run.sh && -f $ANCHOR/provision-pg.sh ]] || die "no anchor in $ANCHOR"

TS=$(date -u +%Y%m%dT%H%M%SZ)
DIR=${BENCH_RESULTS_DIR:-$ROOT/bench/results}/anchor-compare-$TS
mkdir -p "$DIR/jfr"
PHASES=$DIR/phases.txt
WORK=$(mktemp -d /tmp/bench-anchor-compare.XXXXXX)
LOAD_PID="" EP_PID="" SIP_RUN_PID="" LOCAL_PID="" EPG_PID="" ANCHOR_RUN_DIR="" ANCHOR_DB=0 PG_STARTED=0

cleanup() {
    local rc=$?
    set +e
    stop_java "$LOAD_PID" "RegisterLoad" 5
    [[ -n $ANCHOR_RUN_DIR ]] && anchor_stop
    stop_java "$EP_PID" "eP-CSCF" 30
    stop_java "$SIP_RUN_PID" "bench/sip/run.sh (proxy, HSS, S-CSCF, I-CSCF, their databases)" 200
    stop_java "$LOCAL_PID" "local launcher" 60
    stop_embedded_pg
    if (( ANCHOR_DB )) && [[ ${BENCH_KEEP_DB:-0} != 1 ]]; then
        log "dropping database kamailio_chain and its role"; pg_drop_databases kamailio_chain
    fi
    pg_cluster_down "$PG_VERSION" "$PG_CLUSTER"
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load1() { cut -d' ' -f1 /proc/loadavg; }
sleep_until() {  # epoch µs
    local d=$(( $1 - ${EPOCHREALTIME/./} ))
    (( d > 0 )) && sleep "$(( d / 1000000 )).$(printf '%06d' $(( d % 1000000 )))"
    return 0
}
stop_embedded_pg() {  # the launcher stops its PostgreSQL on exit; if it could not (killed), stop it here
    if [[ -n $EPG_PID ]] && kill -0 "$EPG_PID" 2>/dev/null; then
        sleep 2; kill -0 "$EPG_PID" 2>/dev/null && { log "stopping the embedded PostgreSQL (pid $EPG_PID)"; kill "$EPG_PID"; }
    fi
    EPG_PID=""
}
{
    echo "anchor-compare $TS  commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- . ':!bench' 2>/dev/null || echo ' (dirty)')"
    echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "knobs: users=$USERS sequence=[$SEQUENCE] warmup=${WARMUP}s (project: up to ${WARMUP_MAX}s until JIT < $JIT_IDLE cores) settle=${SETTLE}s level_warmup=${LEVEL_WARMUP}s duration=${DURATION}s think=$THINK profile=$PROFILE msg_limit=$MSG_LIMIT"
    echo "jvm5 java opts (docker/Dockerfile JAVA_TOOL_OPTIONS, RAM percentages of mem_limit ${MEM_MIB} MiB): $PROD_JAVA_OPTS; MALLOC_ARENA_MAX=$PROD_MALLOC_ARENA_MAX"
    echo "local java opts: ${LOCAL_JAVA_OPTS:-<none, as ./run-local.sh>}; $(java -version 2>&1 | head -n1); load tool RegisterLoad.java (${BENCH_LOAD_JAVA_OPTS:--XX:+UseSerialGC -Xmx512m}); $(/usr/sbin/kamailio -v 2>&1 | head -n1)"
} | tee "$DIR/conditions.txt" >&2

# ---- PostgreSQL (anchor and jvm5) + the anchor's users -------------------------------------------------------------------
pg_cluster_up "$PG_VERSION" "$PG_CLUSTER"
[[ $PG_PORT == 5432 ]] || die "the anchor needs PostgreSQL on 127.0.0.1:5432 (cluster $PG_VERSION/$PG_CLUSTER is on $PG_PORT)"
echo "postgres: cluster $PG_VERSION/$PG_CLUSTER $(pg_settings_line)" | tee -a "$DIR/conditions.txt" >&2
if [[ " $SEQUENCE " == *" anchor "* ]]; then
    ANCHOR_DB=1
    log "provisioning $USERS users in the anchor's database kamailio_chain"
    N=$USERS bash "$ANCHOR/provision-pg.sh" >"$DIR/anchor-provision.txt" 2>&1 || { cat "$DIR/anchor-provision.txt" >&2; die "anchor provisioning failed"; }
    tail -n1 "$DIR/anchor-provision.txt" >&2
fi

# ---- jars (copied: a concurrent rebuild must not swap a jar under a running JVM) -----------------------------------------
for m in ep-cscf-service local-launcher; do
    j=$(find_jar "$m") || die "no executable jar of $m; build: ./mvnw -B -q -o -DskipTests package -pl local-launcher,web-auth-proxy-service,hss-service,icscf-service,scscf-service,ep-cscf-service -am"
    copy_jar "$j" "$WORK/$m.jar"
done
users_file anchor "$USERS" "$WORK/users.csv"
users_file anchor 1 "$WORK/user0.csv"

# ---- one phase -------------------------------------------------------------------------------------------------------------
# run_load NAME CONNECTIONS WARMUP_S DURATION_S [extra args] (background; LOAD_PID)
run_load() {
    register_load --url "$URL" --users "$WORK/users.csv" --connections "$2" --warmup "$3s" \
        --duration "$4s" --timeout "$LOAD_TIMEOUT" "${@:5}" >"$PDIR/load-$1.txt" 2>"$PDIR/load-$1.progress.txt" &
    LOAD_PID=$!
}
check_registration() {  # one registration loop of user 0 for 2 s, retried for up to $1 s (the eP-CSCF learns WWSFs by polling)
    local t0=$SECONDS out
    while :; do
        out=$(register_load --url "$URL" --users "$WORK/user0.csv" --connections 1 --warmup 0s \
            --duration 2s --timeout 5s 2>&1) && { echo "$out" >"$PDIR/check.txt"; log "  check: $(grep -o 'registrations=[0-9]* .*p50_ms=[0-9.]*' <<<"$out" | cut -c1-80)"; return 0; }
        (( SECONDS - t0 < $1 )) || { echo "$out" >"$PDIR/check.txt"; die "functional check failed ($PDIR/check.txt)"; }
        sleep 3
    done
}
profile_this() {  # kind phase-number
    case $PROFILE in all) return 0 ;; none|0) return 1 ;; esac
    local last=0 i=0 k
    for k in $SEQUENCE; do i=$((i + 1)); [[ $k == "$1" ]] && last=$i; done
    [[ $last == "$2" ]]
}
# levels KIND N GROUP_SPECS... : warm-up, then c1 / c10 / c100 with CPU windows; PHASE lines to $PHASES
levels() {
    local kind=$1 n=$2; shift 2
    local groups=("$@") level conns extra line cpu rate
    # warm-up: a third at C = 10, then C = 100 (a cold JVM at C = 100 at once times out and keeps itself saturated
    # with abandoned registrations)
    local w10=$(( WARMUP / 3 )) w
    log "phase $n ($kind): warm-up ${w10}s at C = 10, $(( WARMUP - w10 ))s at C = 100 (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    for w in "10:$w10" "100:$(( WARMUP - w10 ))"; do
        (( ${w#*:} > 0 )) || continue
        run_load "warmup-c${w%%:*}" "${w%%:*}" 0 "${w#*:}"
        wait "$LOAD_PID" || true; LOAD_PID=""
        line=$(grep '^RESULT' "$PDIR/load-warmup-c${w%%:*}.txt" || echo "RESULT ok=0")
        log "  warm-up C = ${w%%:*}: $(kv "$line" rate_per_s)/s, errors $(kv "$line" errors) ($(kv "$line" errors_by_status))"
    done
    # project phases: more load (C = JIT_WARMUP_C) in 20 s steps until the JIT is idle (a JVM measured while it still compiles pays
    # the compiler's CPU on every registration), at most WARMUP_MAX s of warm-up in all
    local spent=$WARMUP step=0 jit
    while (( ${#JVMS[@]} && spent + 20 <= WARMUP_MAX )); do
        step=$((step + 1))
        local t0=${EPOCHREALTIME/./} jspec=() s
        for s in "${!JVMS[@]}"; do jspec+=("$s=${JVMS[$s]}"); done
        run_load "warmup-jit$step" "$JIT_WARMUP_C" 0 20
        sleep_until $(( t0 + 3000000 )); cpu_snap "$WORK/jit0.snap" "${jspec[@]}"
        sleep_until $(( t0 + 18000000 )); cpu_snap "$WORK/jit1.snap" "${jspec[@]}"
        wait "$LOAD_PID" || true; LOAD_PID=""
        spent=$((spent + 20))
        jit=$(jit_cores "$(cpu_diff "$WORK/jit0.snap" "$WORK/jit1.snap")")
        line=$(grep '^RESULT' "$PDIR/load-warmup-jit$step.txt" || echo "RESULT ok=0")
        log "  warm-up +20s at C = $JIT_WARMUP_C: $(kv "$line" rate_per_s)/s, errors $(kv "$line" errors); JIT threads $jit cores"
        [[ $(le "$jit" "$JIT_IDLE") == 1 ]] && break
    done
    echo "WARMUP phase=$n kind=$kind seconds=$spent jit_last=${jit:-NA}" >>"$PHASES"
    sleep "$SETTLE"
    for level in c1 c10 c100; do
        conns=${level#c}; extra=()
        [[ $level == c1 ]] && extra=(--think "$THINK")
        if [[ $level == c100 ]] && profile_this "$kind" "$n" && (( ${#JVMS[@]} )); then
            local s
            for s in "${!JVMS[@]}"; do jfr_start "${JVMS[$s]}" "$DIR/jfr/phase$n-$kind-$s.jfr" $(( LEVEL_WARMUP + DURATION + 3 )); done
            log "  JFR started on ${!JVMS[*]}"
        fi
        local l0; l0=$(load1)
        local t0=${EPOCHREALTIME/./}   # µs
        run_load "$level" "$conns" "$LEVEL_WARMUP" "$DURATION" "${extra[@]}"
        # the CPU window lies inside the tool's measured window (which starts once the connections are open):
        # from LEVEL_WARMUP + 0.5 s to LEVEL_WARMUP + DURATION - 3 s after the tool's start (a snapshot can take
        # seconds on a loaded machine); the CPU per registration uses the tool's rate over its own window
        sleep_until $(( t0 + LEVEL_WARMUP * 1000000 + 500000 ))
        cpu_snap "$WORK/cpu0.snap" "${groups[@]}" client="$LOAD_PID"
        sleep_until $(( t0 + (LEVEL_WARMUP + DURATION - 3) * 1000000 ))
        cpu_snap "$WORK/cpu1.snap" "${groups[@]}" client="$LOAD_PID"
        wait "$LOAD_PID" || true; LOAD_PID=""
        line=$(grep '^RESULT' "$PDIR/load-$level.txt" || echo "RESULT ok=0 rate_per_s=NA errors=NA")
        rate=$(kv "$line" rate_per_s)
        cpu=$(cpu_diff "$WORK/cpu0.snap" "$WORK/cpu1.snap" "$rate")
        echo "PHASE phase=$n kind=$kind level=$level ${line#RESULT } $cpu load1=$l0->$(load1)" >>"$PHASES"
        [[ $(kv "$cpu" missing_groups) == none ]] || log "  WARNING: $(kv "$cpu" missing_groups) ended before the CPU window did: not counted"
        log "  $level: $rate/s p50 $(kv "$line" p50_ms) ms p99 $(kv "$line" p99_ms) ms errors $(kv "$line" errors) ($(kv "$line" errors_by_status)); cpu $(kv "$cpu" cpums_total) ms/reg; foreign $(kv "$cpu" foreign_cores) cores ($(kv "$cpu" top_foreign))"
    done
}

phase_anchor() {  # N
    ANCHOR_RUN_DIR=$PDIR/kamailio
    anchor_start
    URL=ws://127.0.0.1:6080/sip
    check_registration 10
    JVMS=()
    sleep "$IDLE"
    ANCHOR_RUN_DIR=$ANCHOR_RUN_DIR bash "$ANCHOR/run.sh" status >"$PDIR/status-idle.txt" 2>&1 || true
    echo "RSS phase=$1 kind=anchor sum_mib=$(sed -n 's/^chain total: RSS sum \([0-9.]*\) MiB.*/\1/p' "$PDIR/status-idle.txt") detail=pss_mib:$(sed -n 's/^chain total:.*PSS sum \([0-9.]*\) MiB.*/\1/p' "$PDIR/status-idle.txt"),three-nodes-all-processes" | tee -a "$PHASES" >&2
    levels anchor "$1" p="$(anchor_main_pid p)" i="$(anchor_main_pid i)" s="$(anchor_main_pid s)" postgres="$POSTMASTER_PID"
    ANCHOR_RUN_DIR=$ANCHOR_RUN_DIR bash "$ANCHOR/run.sh" status >"$PDIR/status-after.txt" 2>&1 || true
    anchor_stop
    ANCHOR_RUN_DIR=""
}

phase_jvm5() {  # N
    local token; token=bench-epcscf-$(rand_hex 24)
    log "phase $1 (jvm5): bench/sip/run.sh BENCH_HOLD=1 (proxy, HSS, S-CSCF, I-CSCF; $USERS users) + the eP-CSCF"
    MALLOC_ARENA_MAX=$PROD_MALLOC_ARENA_MAX BENCH_HOLD=1 BENCH_NAMING=anchor BENCH_USERS="$USERS" BENCH_LEVELS=1 \
        BENCH_JAVA_OPTS="$PROD_JAVA_OPTS" BENCH_RESULTS_DIR="$PDIR" \
        BENCH_HSS_ENV="APIAUTH_CLIENTS_3_NAME=epcscf APIAUTH_CLIENTS_3_TOKEN=$token APIAUTH_CLIENTS_3_ROLE=EP_CSCF" \
        bash "$ROOT/bench/sip/run.sh" >"$PDIR/sip-run.log" 2>&1 &
    SIP_RUN_PID=$!
    local env_file="" t0=$SECONDS
    until [[ -n $env_file ]]; do
        kill -0 "$SIP_RUN_PID" 2>/dev/null || { tail -n 20 "$PDIR/sip-run.log" >&2; SIP_RUN_PID=""; die "bench/sip/run.sh exited ($PDIR/sip-run.log)"; }
        (( SECONDS - t0 < 900 )) || die "bench/sip/run.sh not holding within 900 s"
        env_file=$(grep -o 'settings in [^;]*/env' "$PDIR/sip-run.log" 2>/dev/null | head -n1 | sed 's/^settings in //' || true)
        sleep 2
    done
    # shellcheck disable=SC1090
    source "$env_file"   # HSS_URL ICSCF_SIP_PORT PROXY_PID HSS_PID SCSCF_PID ICSCF_PID ...
    grep -E 'RESULT step=|functional check ok' "$PDIR/sip-run.log" | sed 's/^/  /' >&2 || true
    # the eP-CSCF as docker-compose.yml configures it (WWSFs from the HSS, refreshed every 15 s)
    epcscf_start "$WORK/ep-cscf-service.jar" "$PDIR/ep-cscf.log" "$EP_PORT" "$EP_MGMT_PORT" "$EP_SIP_PORT" "$ICSCF_SIP_PORT" \
        "$HSS_URL" "$token" "$PROD_JAVA_OPTS" \
        "MALLOC_ARENA_MAX=$PROD_MALLOC_ARENA_MAX EPCSCF_WWSFS_REFRESHINTERVAL=15s EPCSCF_LIMITS_MESSAGESPERCONNECTIONPERSECOND=$MSG_LIMIT"
    URL=ws://127.0.0.1:$EP_PORT/sip
    check_registration 30
    declare -gA JVMS=([epcscf]=$EP_PID [icscf]=$ICSCF_PID [scscf]=$SCSCF_PID [hss]=$HSS_PID [proxy]=$PROXY_PID)
    sleep "$IDLE"
    local s detail=""
    for s in epcscf icscf scscf hss proxy; do detail+="$s:$(rss_mib "${JVMS[$s]}"),"; done
    echo "RSS phase=$1 kind=jvm5 sum_mib=$(rss_sum_mib "${JVMS[@]}") detail=${detail%,}" | tee -a "$PHASES" >&2
    levels jvm5 "$1" epcscf="$EP_PID" icscf="$ICSCF_PID" scscf="$SCSCF_PID" hss="$HSS_PID" proxy="$PROXY_PID" \
        postgres="$POSTMASTER_PID"
    stop_java "$EP_PID" "eP-CSCF" 30; EP_PID=""
    stop_java "$SIP_RUN_PID" "bench/sip/run.sh" 200; SIP_RUN_PID=""
    JVMS=()
}

phase_local() {  # N
    log "phase $1 (local): the local launcher (one JVM, embedded PostgreSQL), random ports"
    # shellcheck disable=SC2086
    env EPCSCF_LIMITS_MESSAGESPERCONNECTIONPERSECOND="$MSG_LIMIT" \
        java $LOCAL_JAVA_OPTS -jar "$WORK/local-launcher.jar" --random-ports >"$PDIR/local.log" 2>&1 &
    LOCAL_PID=$!
    local t0=$SECONDS
    until grep -q '^API tokens and keys:' "$PDIR/local.log" 2>/dev/null; do
        kill -0 "$LOCAL_PID" 2>/dev/null || { tail -n 20 "$PDIR/local.log" >&2; LOCAL_PID=""; die "the local launcher exited"; }
        (( SECONDS - t0 < 600 )) || die "the local launcher not up within 600 s"
        sleep 1
    done
    URL=$(sed -n 's/^WebSocket (SIP over WebSocket): *//p' "$PDIR/local.log" | head -n1)
    local hss proxy secrets
    hss=$(grep -o 'HSS admin API: *[^ ]*' "$PDIR/local.log" | awk '{print $NF}')
    proxy=$(grep -o 'proxy sync API: *[^ ]*' "$PDIR/local.log" | awk '{print $NF}')
    secrets=$(sed -n 's/^API tokens and keys: \([^ ]*\).*/\1/p' "$PDIR/local.log")
    log "  up after $((SECONDS - t0)) s: $URL, HSS $hss, proxy $proxy"
    (   set -a; . "$secrets"; set +a
        BENCH_HSS_ADMIN_TOKEN=$IMS_HSS_ADMIN_TOKEN BENCH_PROXY_SYNC_TOKEN=$IMS_PROXY_ADMIN_TOKEN \
            provision_users anchor "$hss" "$proxy" "$USERS" --threads 8 ) >"$PDIR/provision.txt" 2>&1 || { cat "$PDIR/provision.txt" >&2; die "provisioning (local) failed"; }
    grep '^RESULT' "$PDIR/provision.txt" | sed 's/^/  /' >&2
    check_registration 90   # the eP-CSCF polls the HSS's WWSF list (epcscf.wwsfs.refresh-interval, 60 s)
    # the embedded PostgreSQL daemonizes (parent 1): its postmaster is the one on the port of the launcher's JDBC URLs
    local epg_port epg=""
    epg_port=$(grep -o 'jdbc:postgresql://localhost:[0-9]*/' "$PDIR/local.log" | head -n1 | grep -o '[0-9]*/$' | tr -d / || true)
    [[ -n $epg_port ]] && epg=$(pgrep -f "bin/postgres .*-p $epg_port( |\$)" | head -n1 || true)
    EPG_PID=$epg
    echo "embedded PostgreSQL: port ${epg_port:-?}, postmaster ${epg:-not found}: $(ps -o args= -p "${epg:-0}" 2>/dev/null | cut -c1-200)" >>"$DIR/conditions.txt"
    declare -gA JVMS=([local]=$LOCAL_PID)
    sleep "$IDLE"
    echo "RSS phase=$1 kind=local sum_mib=$(rss_mib "$LOCAL_PID") detail=jvm:$(rss_mib "$LOCAL_PID"),embedded-postgres-postmaster:$(rss_mib "${epg:-0}")" | tee -a "$PHASES" >&2
    levels local "$1" jvm="$LOCAL_PID" postgres="${epg:-0}"
    stop_java "$LOCAL_PID" "local launcher" 60; LOCAL_PID=""
    stop_embedded_pg
    JVMS=()
}

declare -A JVMS=()
n=0
for kind in $SEQUENCE; do
    n=$((n + 1))
    PDIR=$DIR/phase$n-$kind
    mkdir -p "$PDIR"
    "phase_$kind" "$n"
done

# ---- profiles, summary -------------------------------------------------------------------------------------------------
for f in "$DIR"/jfr/*.jfr; do
    [[ -f $f ]] || continue
    { echo "== $(basename "$f" .jfr)"; jfr_summary "$f" 12; echo; } >>"$DIR/profiles.txt"
done
{
    cat "$DIR/conditions.txt"
    echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    bench_tool anchor-summary "$PHASES" $TARGET_RATE_RATIO $TARGET_P99_RATIO $TARGET_P50_RATIO $TARGET_CPU_MS $TARGET_RSS_MIB
    echo
    echo "cpu: per measured window, every process tree (JVM, Kamailio node incl. its workers, PostgreSQL cluster incl."
    echo "backends, the load tool 'client') from /proc; ms per registration = cores / registrations per second"
    [[ -s $DIR/profiles.txt ]] && echo "profiles (JFR, C = 100 window): $DIR/profiles.txt, recordings in $DIR/jfr/"
    echo "files: $DIR/"
} | tee "$DIR/summary.txt"
