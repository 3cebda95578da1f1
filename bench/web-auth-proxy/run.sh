#!/usr/bin/env bash
# Load benchmark of web-auth-proxy-service: batch credential sync (1 x N and 10 x N/10, inserts and updates)
# and the HSS vector fetch under wrk. See README.md in this directory.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RESULTS=${BENCH_RESULTS_DIR:-$ROOT/bench/results}
# shellcheck source=../common/lib.sh
source "$ROOT/bench/common/lib.sh"

# ---- knobs -------------------------------------------------------------------------------------------------
N=${BENCH_CREDENTIALS:-100000}              # credentials per sync phase
SPLIT=${BENCH_SPLIT:-10}                    # requests of the split sync (N must be a multiple)
SYNC_WARMUP=${BENCH_SYNC_WARMUP:-1000}      # credentials of an untimed warm-up batch (0 = none)
DURATION=${BENCH_DURATION:-30s}             # measured wrk run
WARMUP_DURATION=${BENCH_WARMUP_DURATION:-60s}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
WRK_TIMEOUT=${BENCH_WRK_TIMEOUT:-2s}
PORT=${BENCH_PORT:-8090}
JAVA_OPTS=${BENCH_JAVA_OPTS:-}
START_TIMEOUT=${BENCH_START_TIMEOUT:-180}
REBUILD=${BENCH_REBUILD:-0}
KEEP_DB=${BENCH_KEEP_DB:-0}
VACUUM=${BENCH_VACUUM:-1}                   # VACUUM ANALYZE credential before the fetch runs (local cluster)
PG_VERSION=${BENCH_PG_VERSION:-15}
PG_CLUSTER=${BENCH_PG_CLUSTER:-main}
DB_NAME=bench_web_auth_proxy
TARGET=$ROOT/web-auth-proxy-service/target
JAR=${BENCH_JAR:-}                          # executable jar; default: found in $TARGET (see find_jar)
WWSF=wwsf.example.com
# --------------------------------------------------------------------------------------------------------------

TS=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$RESULTS"
OUT=$RESULTS/web-auth-proxy-$TS.txt
SERVICE_LOG=$RESULTS/web-auth-proxy-$TS.service.log
GC_LOG=$RESULTS/web-auth-proxy-$TS.gc.log
WRK_WARM=$RESULTS/web-auth-proxy-$TS.wrk-warmup.txt
WRK_OUT=$RESULTS/web-auth-proxy-$TS.wrk.txt
URL=http://127.0.0.1:$PORT
MANAGEMENT_PORT=${BENCH_MANAGEMENT_PORT:-8190}   # actuator (probes, metrics) is not on the API port
MANAGEMENT_URL=http://127.0.0.1:$MANAGEMENT_PORT

for tool in java curl wrk; do
    command -v "$tool" >/dev/null || die "$tool is required"
done
[[ $N =~ ^[0-9]+$ ]] && (( N > 0 && N % SPLIT == 0 && N <= 100000 )) \
    || die "BENCH_CREDENTIALS=$N must be 1..100000 and a multiple of BENCH_SPLIT=$SPLIT"
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    die "port $PORT is already in use; set BENCH_PORT"
fi

POSTMASTER_PID=0
PG_STARTED=0
DB_CREATED=0
FAILED=0
PG_PORT=""
JAVA_PID=""
WORK=$(mktemp -d /tmp/bench-web-auth-proxy.XXXXXX)

cleanup() {
    local rc=$?
    set +e
    stop_java "$JAVA_PID" "the service"
    if (( DB_CREATED )) && (( ! KEEP_DB )); then
        log "dropping database $DB_NAME and its role"
        pg_drop_databases "$DB_NAME"
    fi
    pg_cluster_down "$PG_VERSION" "$PG_CLUSTER"
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

IDLE_LINE=$(idle_cpu_line "$WORK")
log "before the run: $IDLE_LINE"

# ---- (a) database --------------------------------------------------------------------------------------------
if [[ -n ${BENCH_JDBC_URL:-} ]]; then
    JDBC_URL=$BENCH_JDBC_URL
    DB_USER=${BENCH_DB_USER:?BENCH_DB_USER is required with BENCH_JDBC_URL}
    DB_PASSWORD=${BENCH_DB_PASSWORD:-}
    log "using the given database $JDBC_URL"
else
    command -v pg_ctlcluster >/dev/null || die "Debian's postgresql-common is required (or set BENCH_JDBC_URL)"
    pg_cluster_up "$PG_VERSION" "$PG_CLUSTER"
    DB_USER=$DB_NAME
    DB_PASSWORD=$(rand_hex 16)
    log "creating database $DB_NAME (port $PG_PORT)"
    pg_create_database "$DB_NAME" "$DB_PASSWORD"
    DB_CREATED=1
    JDBC_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/$DB_NAME
fi

# ---- (b) build -----------------------------------------------------------------------------------------------
if [[ -z $JAR ]]; then
    if [[ $REBUILD == 1 ]] || ! JAR=$(find_jar web-auth-proxy-service); then
        log "building web-auth-proxy-service"
        (cd "$ROOT" && ./mvnw -B -q -pl web-auth-proxy-service -am package -DskipTests)
        JAR=$(find_jar web-auth-proxy-service) || die "no executable jar in $TARGET after the build"
    fi
fi
log "jar: $JAR"
# Run a copy: a rebuild of the module during the run must not swap the jar under the running JVM. A build in
# progress can leave a half-written jar: retry until the copy is a complete executable jar.
copy_jar "$JAR" "$WORK/service.jar"
JAR_SHA=$(sha256sum "$WORK/service.jar" | cut -c1-12)

# ---- (c) start the service -----------------------------------------------------------------------------------
SYNC_TOKEN=bench-sync-$(rand_hex 24)
HSS_TOKEN=bench-hss-$(rand_hex 24)
ENC_KEY=$(rand_b64 32)
RUN=r$(rand_hex 3)           # identity prefix of this run: fresh identities even in a reused database
PREFIX_ONE=$RUN-a            # synced as one request
PREFIX_SPLIT=$RUN-b          # synced as $SPLIT requests

log "starting service on port $PORT (log: $SERVICE_LOG)"
# Map keys from the environment only bind in the canonical form of the prefix (dashes dropped):
# WEB_AUTH_PROXY_ENCRYPTION_KEYS_K1 is NOT seen (startup fails with "keys has no key 'k1'"), while scalar
# properties such as WEB_AUTH_PROXY_ENCRYPTION_ACTIVE_KEY_ID also bind in the dashes-as-underscores form.
START0=$(now)
java_start "$WORK/service.jar" "$SERVICE_LOG" "$GC_LOG" "$JAVA_OPTS" SERVER_PORT="$PORT" MANAGEMENT_SERVER_PORT="$MANAGEMENT_PORT" \
    SPRING_DATASOURCE_URL="$JDBC_URL" SPRING_DATASOURCE_USERNAME="$DB_USER" SPRING_DATASOURCE_PASSWORD="$DB_PASSWORD" \
    API_AUTH_CLIENTS_0_NAME=bench-idp API_AUTH_CLIENTS_0_TOKEN="$SYNC_TOKEN" API_AUTH_CLIENTS_0_ROLE=SYNC \
    API_AUTH_CLIENTS_0_SCOPES="$WWSF" \
    API_AUTH_CLIENTS_1_NAME=hss API_AUTH_CLIENTS_1_TOKEN="$HSS_TOKEN" API_AUTH_CLIENTS_1_ROLE=HSS \
    WEB_AUTH_PROXY_ENCRYPTION_ACTIVE_KEY_ID=k1 WEBAUTHPROXY_ENCRYPTION_KEYS_K1="$ENC_KEY" \
    WEBAUTHPROXY_SYNC_MAXBATCHITEMS="$N" SPRING_HTTP_CODECS_MAXINMEMORYSIZE=64MB
JAVA_PID=$STARTED_PID
START_S=$(wait_ready "$JAVA_PID" "$MANAGEMENT_URL" "$SERVICE_LOG" "the service" "$START_TIMEOUT" "$START0") || exit 1
log "service ready after ${START_S}s"

# ---- (d) batch sync ------------------------------------------------------------------------------------------
cpu_snap_script "$WORK/snap.sh" java="$JAVA_PID" postgres="$POSTMASTER_PID"   # the sync client snapshots around its calls
declare -A SYNC_RESULT
sync_phase() {  # label prefix requests version expect [count]
    local label=$1 prefix=$2 requests=$3 version=$4 expect=$5 count=${6:-$N} line
    log "sync $label: $count credentials in $requests request(s), version $version, expecting $expect"
    if line=$(bench_tool sync --url "$URL" --token "$SYNC_TOKEN" --salt "$RUN" --prefix "$prefix" \
            --count "$count" --requests "$requests" --version "$version" --expect "$expect" --label "$label" \
            --cpu-snap "$WORK/snap.sh" \
            2> >(tee -a "$RESULTS/web-auth-proxy-$TS.problems.txt" >&2)); then
        :
    else
        FAILED=1
    fi
    line=$(grep '^RESULT' <<<"$line" || echo "RESULT label=$label ok=0 error=client-failed")
    log "${line#RESULT }"
    SYNC_RESULT[$label]=${line#RESULT }
}

if (( SYNC_WARMUP > 0 )); then
    sync_phase warmup "$RUN-w" 1 1 CREATED "$SYNC_WARMUP"
fi
sync_phase insert-1x "$PREFIX_ONE" 1 1 CREATED
sync_phase insert-${SPLIT}x "$PREFIX_SPLIT" "$SPLIT" 1 CREATED
sync_phase update-1x "$PREFIX_ONE" 1 2 UPDATED
sync_phase update-${SPLIT}x "$PREFIX_SPLIT" "$SPLIT" 2 UPDATED

log "verifying a sample of fetched vectors (decryption round trip, version 2)"
VERIFY_LINES=""
for prefix in "$PREFIX_ONE" "$PREFIX_SPLIT"; do
    if ! v=$(bench_tool sync-verify --url "$URL" --token "$HSS_TOKEN" --salt "$RUN" --prefix "$prefix" \
            --count "$N" --version 2 --sample 50); then
        FAILED=1
    fi
    VERIFY_LINES+="$prefix: ${v#RESULT } "
done
log "$VERIFY_LINES"

DB_ROWS=NA
DB_SIZE=NA
VACUUMED="no (only with the local cluster)"
if [[ -n $PG_PORT ]]; then
    if (( VACUUM )); then
        log "VACUUM (ANALYZE) credential"
        psql_admin -d "$DB_NAME" -c "VACUUM (ANALYZE) credential" >/dev/null && VACUUMED=yes || VACUUMED=failed
    else
        VACUUMED="no (BENCH_VACUUM=0)"
    fi
    read -r DB_ROWS DB_SIZE < <(psql_admin -d "$DB_NAME" -At -F ' ' -c \
        "SELECT count(*), pg_size_pretty(pg_total_relation_size('credential')) FROM credential") || true
fi

# ---- (e) fetch under wrk -------------------------------------------------------------------------------------
export BENCH_FETCH_TOKEN=$HSS_TOKEN BENCH_CREDENTIALS=$N BENCH_FETCH_PREFIXES=$PREFIX_ONE,$PREFIX_SPLIT BENCH_WWSF=$WWSF
WRK=(wrk "-t$THREADS" "-c$CONNECTIONS" --timeout "$WRK_TIMEOUT" --latency -s "$HERE/fetch.lua")
log "wrk warm-up: ${WRK[*]} -d$WARMUP_DURATION $URL"
"${WRK[@]}" "-d$WARMUP_DURATION" "$URL" >"$WRK_WARM" 2>&1 || FAILED=1
WARM_LINE=$(bench_tool wrk "$WRK_WARM")
log "warm-up: $WARM_LINE"

GC_FROM=$(( $(wc -l <"$GC_LOG" 2>/dev/null || echo 0) + 1 ))
cpu_snap "$WORK/cpu0.snap" java="$JAVA_PID" postgres="$POSTMASTER_PID"
log "wrk measured: ${WRK[*]} -d$DURATION $URL"
TIMEFORMAT='%3U %3S'
{ time "${WRK[@]}" "-d$DURATION" "$URL" >"$WRK_OUT" 2>&1; } 2>"$WORK/wrk.time" || FAILED=1
cpu_snap "$WORK/cpu1.snap" java="$JAVA_PID" postgres="$POSTMASTER_PID"
WRK_CPU_S=$(awk '{ print $1 + $2 }' "$WORK/wrk.time")
GC_TO=$(wc -l <"$GC_LOG" 2>/dev/null || echo 0)
FETCH_LINE=$(bench_tool wrk "$WRK_OUT")
CPU_LINE=$(cpu_diff "$WORK/cpu0.snap" "$WORK/cpu1.snap" --client-seconds "$WRK_CPU_S")
FOREIGN=$(kv "$CPU_LINE" foreign_cores)
GC_WRK_LINE=$(gc_pauses "$GC_LOG" "$GC_FROM" "$GC_TO")
GC_ALL_LINE=$(gc_pauses "$GC_LOG")
log "measured: $FETCH_LINE"

kill -0 "$JAVA_PID" 2>/dev/null || { FAILED=1; log "the service died during the run"; }

# ---- (f) summary ---------------------------------------------------------------------------------------------

RPS=$(kv "$FETCH_LINE" rps); P50=$(kv "$FETCH_LINE" p50_ms); P99=$(kv "$FETCH_LINE" p99_ms)
NON2XX=$(kv "$FETCH_LINE" non2xx); SOCKERR=$(kv "$FETCH_LINE" socket_errors)
[[ $NON2XX == 0 && $SOCKERR == 0 ]] || FAILED=1
ONE=${SYNC_RESULT[insert-1x]}
ONE_OK=0
if (( N != 100000 )); then ONE_OK=skip
elif [[ $(kv "$ONE" ok) == 1 ]]; then ONE_OK=$(le "$(kv "$ONE" wall_s)" 10); fi
PROBLEMS=$RESULTS/web-auth-proxy-$TS.problems.txt
[[ -s $PROBLEMS ]] || rm -f "$PROBLEMS"
ERRORS=$(grep -cE ' (ERROR|WARN) ' "$SERVICE_LOG" || true)

{
    echo "web-auth-proxy benchmark  $TS"
    echo "commit:      $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo NA)$(git -C "$ROOT" diff --quiet HEAD -- . ':!bench' 2>/dev/null || echo ' (dirty)')"
    echo "machine:     $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); wrk, service and PostgreSQL share it"
    echo "java:        $(java -version 2>&1 | head -n1)  opts: ${JAVA_OPTS:-<none>} (+ GC log)"
    echo "jar:         ${JAR#"$ROOT"/} (sha256 $JAR_SHA, built $(date -u -r "$JAR" +%Y-%m-%dT%H:%M:%SZ))"
    echo "database:    ${JDBC_URL}${PG_PORT:+ (local cluster $PG_VERSION/$PG_CLUSTER)}; credential rows: $DB_ROWS, size $DB_SIZE; vacuum before fetch: $VACUUMED"
    echo "knobs:       credentials=$N split=$SPLIT sync-warmup=$SYNC_WARMUP wrk: -t$THREADS -c$CONNECTIONS warm-up $WARMUP_DURATION measured $DURATION timeout $WRK_TIMEOUT"
    echo "startup:     ready after ${START_S}s; machine $(kv "$IDLE_LINE" machine_busy_pct)% busy in the 3 s before the run"
    echo
    echo "Batch sync (wall time around the HTTP exchanges only; body generated beforehand)"
    printf '  %-14s %10s %9s %12s %12s  %s\n' phase items requests wall_s items/s summary
    for label in warmup insert-1x "insert-${SPLIT}x" update-1x "update-${SPLIT}x"; do
        r=${SYNC_RESULT[$label]:-}
        [[ -n $r ]] || continue
        printf '  %-14s %10s %9s %12s %12s  ok=%s created=%s updated=%s unchanged=%s rejected=%s\n' \
            "$label" "$(kv "$r" items)" "$(kv "$r" requests)" "$(kv "$r" wall_s)" "$(kv "$r" items_per_s)" \
            "$(kv "$r" ok)" "$(kv "$r" created)" "$(kv "$r" updated)" "$(kv "$r" unchanged)" "$(kv "$r" rejected)"
        printf '  %-14s largest request %ss, %s MB sent; cpu cores: java %s (jit %s, gc %s), postgres %s, client %s, irq %s, foreign %s (%s)\n' \
            "" "$(kv "$r" max_call_s)" "$(kv "$r" body_mb)" "$(kv "$r" cpu_java_cores)" \
            "$(kv "$r" cpu_java_jit)" "$(kv "$r" cpu_java_gc)" \
            "$(kv "$r" cpu_postgres_cores)" "$(kv "$r" cpu_client_cores)" "$(kv "$r" cpu_irq_cores)" \
            "$(kv "$r" cpu_foreign_cores)" "$(kv "$r" cpu_top_foreign)"
        [[ $(ge "$(kv "$r" cpu_foreign_cores)" 0.2) == 1 ]] && echo "  WARNING: foreign load during $label: this phase's time is not clean"
    done
    echo "  verify: $VERIFY_LINES"
    echo
    echo "Fetch (POST /av/v1/digest-vectors:fetch, random identity of $((2 * N)), wrk -t$THREADS -c$CONNECTIONS -d$DURATION)"
    echo "  requests/s:  $RPS   (${DURATION}: $(kv "$FETCH_LINE" requests) requests)"
    echo "  latency ms:  avg $(kv "$FETCH_LINE" avg_ms)  p50 $P50  p75 $(kv "$FETCH_LINE" p75_ms)  p90 $(kv "$FETCH_LINE" p90_ms)  p99 $P99  max $(kv "$FETCH_LINE" max_ms)"
    echo "  non-2xx:     $NON2XX   socket errors: $SOCKERR   status codes: $(kv "$FETCH_LINE" statuses)"
    echo "  warm-up:     $WARM_LINE"
    echo "  cpu:         $CPU_LINE"
    echo "               (cores busy during the measured run: java = service JVM incl. its JIT compiler and GC threads,"
    echo "                client = wrk, irq = irq/softirq/steal,"
    echo "                foreign = anything else, top_foreign = its biggest processes)"
    [[ $(ge "${FOREIGN:-0}" 0.2) == 1 ]] && echo "  WARNING:     other processes used $FOREIGN cores during the measured run ($(kv "$CPU_LINE" top_foreign)): the numbers are not clean"
    echo "  gc (fetch):  $GC_WRK_LINE"
    echo "  gc (run):    $GC_ALL_LINE"
    echo "  service log: $ERRORS WARN/ERROR lines ($SERVICE_LOG)"
    grep -E ' (ERROR|WARN) ' "$SERVICE_LOG" | sed -E 's/^[^ ]+ +//' | cut -c1-220 | sort | uniq -c | sort -rn | head -n 5 \
        | sed 's/^/               /' || true
    echo
    echo "Targets"
    target "fetch throughput" "$(ge "$RPS" 5000)" "$RPS req/s (>= 5000)"
    target "fetch p99" "$(le "$P99" 10)" "$P99 ms (<= 10)"
    target "fetch errors" "$([[ $NON2XX == 0 && $SOCKERR == 0 ]] && echo 1 || echo 0)" "non-2xx $NON2XX, socket errors $SOCKERR (= 0)"
    target "batch sync of 100k in one request" "$ONE_OK" "$(kv "$ONE" wall_s) s for $N credentials (<= 10 s for 100000)"
    echo
    echo "files: $WRK_OUT $WRK_WARM $SERVICE_LOG $GC_LOG"
    (( FAILED )) && echo "RUN HAD FAILURES (see above and ${RESULTS}/web-auth-proxy-$TS.problems.txt)"
    true
} | tee "$OUT"
log "results written to $OUT"
exit "$FAILED"
