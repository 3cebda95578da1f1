#!/usr/bin/env bash
# Load benchmark of hss-service: full Cx registration sequences UAR -> MAR -> SAR with the real web-auth proxy
# behind the HSS (MAR fetches the digest vector from it). See README.md in this directory.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RESULTS=${BENCH_RESULTS_DIR:-$ROOT/bench/results}
# shellcheck source=../common/lib.sh
source "$ROOT/bench/common/lib.sh"

# ---- knobs -------------------------------------------------------------------------------------------------
USERS=${BENCH_USERS:-10000}                 # provisioned users (subscription + mapping + credential each)
CONCURRENCY=${BENCH_CONCURRENCY:-32}        # concurrent sequences = HTTP connections to the HSS
WARMUP=${BENCH_WARMUP:-60}                  # minimum seconds of load before the measured window ...
WARMUP_MAX=${BENCH_WARMUP_MAX:-600}         # ... extended until the JIT is idle, at most this long (= WARMUP: fixed)
JIT_IDLE=${BENCH_JIT_IDLE:-0.05}            # "JIT idle": compiler threads of HSS+proxy+client < this many cores over 10 s
DURATION=${BENCH_DURATION:-30}              # seconds measured
RATE=${BENCH_RATE:-0}                       # 0 = closed loop; else sequences/s (open loop, CO-corrected)
ENGINE=${BENCH_CLIENT:-socket}              # load generator HTTP client: socket | jdk
TIMEOUT_MS=${BENCH_TIMEOUT_MS:-5000}        # per request
PROVISION_THREADS=${BENCH_PROVISION_THREADS:-8}
HSS_PORT=${BENCH_HSS_PORT:-8091}
PROXY_PORT=${BENCH_PROXY_PORT:-8090}
HSS_JAVA_OPTS=${BENCH_HSS_JAVA_OPTS:-}
PROXY_JAVA_OPTS=${BENCH_PROXY_JAVA_OPTS:-}
CLIENT_JAVA_OPTS=${BENCH_CLIENT_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC}
HSS_ENV=${BENCH_HSS_ENV:-}                  # extra VAR=value settings for the HSS, e.g. SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE=20
PROXY_ENV=${BENCH_PROXY_ENV:-}              # extra VAR=value settings for the proxy
START_TIMEOUT=${BENCH_START_TIMEOUT:-240}
REBUILD=${BENCH_REBUILD:-0}
KEEP_DB=${BENCH_KEEP_DB:-0}
VACUUM=${BENCH_VACUUM:-1}
HOLD=${BENCH_HOLD:-0}                       # 1 = provision, then keep both services running for manual load (no load)
PG_VERSION=${BENCH_PG_VERSION:-15}
PG_CLUSTER=${BENCH_PG_CLUSTER:-main}
HSS_JAR=${BENCH_HSS_JAR:-}
PROXY_JAR=${BENCH_PROXY_JAR:-}
HSS_DB=bench_hss
PROXY_DB=bench_hss_proxy
WWSF=wwsf.example.com
SCSCF='sip:scscf1.ims.example.net:5060;transport=tcp'
# targets (reported, not enforced)
TARGET_SEQ_PER_S=2000
TARGET_P99_MS=20
# --------------------------------------------------------------------------------------------------------------

TS=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$RESULTS"
BASE=$RESULTS/hss-$TS
OUT=$BASE.txt
HSS_LOG=$BASE.hss.log
PROXY_LOG=$BASE.proxy.log
HSS_GC=$BASE.hss-gc.log
PROXY_GC=$BASE.proxy-gc.log
LOADGEN_OUT=$BASE.loadgen.txt
TIMELINE=$BASE.timeline.csv
PROBLEMS=$BASE.problems.txt
HSS_URL=http://127.0.0.1:$HSS_PORT
PROXY_URL=http://127.0.0.1:$PROXY_PORT
HSS_MANAGEMENT_PORT=${BENCH_HSS_MANAGEMENT_PORT:-8191}
PROXY_MANAGEMENT_PORT=${BENCH_PROXY_MANAGEMENT_PORT:-8190}
HSS_MANAGEMENT_URL=http://127.0.0.1:$HSS_MANAGEMENT_PORT
PROXY_MANAGEMENT_URL=http://127.0.0.1:$PROXY_MANAGEMENT_PORT

for tool in java curl su pg_lsclusters pg_ctlcluster; do
    command -v "$tool" >/dev/null || die "$tool is required"
done
[[ $USERS =~ ^[0-9]+$ && $CONCURRENCY =~ ^[0-9]+$ ]] && (( USERS >= CONCURRENCY && CONCURRENCY > 0 )) \
    || die "BENCH_USERS=$USERS must be >= BENCH_CONCURRENCY=$CONCURRENCY > 0"
for p in "$HSS_PORT" "$PROXY_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then die "port $p is already in use; set BENCH_HSS_PORT / BENCH_PROXY_PORT"; fi
done

PG_STARTED=0
DBS_CREATED=0
FAILED=0
PG_PORT=""
POSTMASTER_PID=0
HSS_PID=""
PROXY_PID=""
WORK=$(mktemp -d /tmp/bench-hss.XXXXXX)

cleanup() {
    local rc=$?
    set +e
    trap '' INT TERM  # a second Ctrl-C / kill must not abort the cleanup and orphan the services
    stop_java "$HSS_PID" HSS
    stop_java "$PROXY_PID" web-auth-proxy
    if (( DBS_CREATED )) && (( ! KEEP_DB )); then
        log "dropping databases $HSS_DB, $PROXY_DB and their roles"
        pg_drop_databases "$HSS_DB" "$PROXY_DB"
    fi
    pg_cluster_down "$PG_VERSION" "$PG_CLUSTER"
    [[ -s $PROBLEMS ]] || rm -f "$PROBLEMS"
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

IDLE_LINE=$(idle_cpu_line "$WORK")
log "before the run: $IDLE_LINE (load average $(cut -d' ' -f1-3 /proc/loadavg))"

# ---- (a) databases: local Debian cluster, two fresh databases ------------------------------------------------
pg_cluster_up "$PG_VERSION" "$PG_CLUSTER"
HSS_DB_PASSWORD=$(rand_hex 16)
PROXY_DB_PASSWORD=$(rand_hex 16)
log "creating databases $HSS_DB and $PROXY_DB (port $PG_PORT)"
DBS_CREATED=1
pg_create_database "$HSS_DB" "$HSS_DB_PASSWORD"
pg_create_database "$PROXY_DB" "$PROXY_DB_PASSWORD"
PG_SETTINGS=$(pg_settings_line)

# ---- (b) jars ------------------------------------------------------------------------------------------------
if [[ $REBUILD == 1 ]] || { [[ -z $HSS_JAR ]] && ! find_jar hss-service >/dev/null; } \
        || { [[ -z $PROXY_JAR ]] && ! find_jar web-auth-proxy-service >/dev/null; }; then
    log "building hss-service and web-auth-proxy-service"
    (cd "$ROOT" && ./mvnw -B -q -pl hss-service,web-auth-proxy-service -am package -DskipTests)
fi
[[ -n $HSS_JAR ]] || HSS_JAR=$(find_jar hss-service) || die "no executable jar in hss-service/target"
[[ -n $PROXY_JAR ]] || PROXY_JAR=$(find_jar web-auth-proxy-service) || die "no executable jar in web-auth-proxy-service/target"
copy_jar "$HSS_JAR" "$WORK/hss.jar"
copy_jar "$PROXY_JAR" "$WORK/proxy.jar"
HSS_JAR_SHA=$(sha256sum "$WORK/hss.jar" | cut -c1-12)
PROXY_JAR_SHA=$(sha256sum "$WORK/proxy.jar" | cut -c1-12)
log "jars: ${HSS_JAR#"$ROOT"/} ($HSS_JAR_SHA), ${PROXY_JAR#"$ROOT"/} ($PROXY_JAR_SHA)"

# ---- (c) start the proxy and the HSS -------------------------------------------------------------------------
PROXY_HSS_TOKEN=bench-hss-$(rand_hex 24)     # the HSS's token at the proxy (HSS)
PROXY_SYNC_TOKEN=bench-idp-$(rand_hex 24)    # the provisioning operator at the proxy (ADMIN: syncs any WWSF)
CSCF_TOKEN=bench-cscf-$(rand_hex 24)         # the S-CSCF's token at the HSS (S_CSCF, scope $SCSCF: MAR, SAR)
ICSCF_TOKEN=bench-icscf-$(rand_hex 24)       # the I-CSCF's token at the HSS (I_CSCF: UAR, LIR)
ADMIN_TOKEN=bench-operator-$(rand_hex 24)    # the operator's token at the HSS (ADMIN)
ENC_KEY=$(rand_b64 32)
SALT=s$(rand_hex 4)                          # passwords / H(A1) of this run

log "starting web-auth proxy on $PROXY_PORT (log: $PROXY_LOG) and HSS on $HSS_PORT (log: $HSS_LOG)"
# Environment in Spring's canonical form (dots -> _, dashes dropped, upper case). Map keys such as
# WEBAUTHPROXY_ENCRYPTION_KEYS_K1 bind only in this form (see bench/web-auth-proxy/README.md).
# shellcheck disable=SC2086  # *_ENV are lists
java_start "$WORK/proxy.jar" "$PROXY_LOG" "$PROXY_GC" "$PROXY_JAVA_OPTS" SERVER_PORT="$PROXY_PORT" \
    SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$PROXY_DB" \
    SPRING_DATASOURCE_USERNAME="$PROXY_DB" SPRING_DATASOURCE_PASSWORD="$PROXY_DB_PASSWORD" \
    WEBAUTHPROXY_ENCRYPTION_ACTIVEKEYID=k1 WEBAUTHPROXY_ENCRYPTION_KEYS_K1="$ENC_KEY" \
    MANAGEMENT_SERVER_PORT="$PROXY_MANAGEMENT_PORT" \
    APIAUTH_CLIENTS_0_NAME=hss APIAUTH_CLIENTS_0_TOKEN="$PROXY_HSS_TOKEN" APIAUTH_CLIENTS_0_ROLE=HSS \
    APIAUTH_CLIENTS_1_NAME=operator APIAUTH_CLIENTS_1_TOKEN="$PROXY_SYNC_TOKEN" APIAUTH_CLIENTS_1_ROLE=ADMIN \
    $PROXY_ENV
PROXY_PID=$STARTED_PID
START0=$(now)
# shellcheck disable=SC2086
java_start "$WORK/hss.jar" "$HSS_LOG" "$HSS_GC" "$HSS_JAVA_OPTS" SERVER_PORT="$HSS_PORT" \
    SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$HSS_DB" \
    SPRING_DATASOURCE_USERNAME="$HSS_DB" SPRING_DATASOURCE_PASSWORD="$HSS_DB_PASSWORD" \
    MANAGEMENT_SERVER_PORT="$HSS_MANAGEMENT_PORT" \
    APIAUTH_CLIENTS_0_NAME=scscf APIAUTH_CLIENTS_0_TOKEN="$CSCF_TOKEN" APIAUTH_CLIENTS_0_ROLE=S_CSCF \
    APIAUTH_CLIENTS_0_SCOPES="$SCSCF" \
    APIAUTH_CLIENTS_2_NAME=icscf APIAUTH_CLIENTS_2_TOKEN="$ICSCF_TOKEN" APIAUTH_CLIENTS_2_ROLE=I_CSCF \
    APIAUTH_CLIENTS_1_NAME=operator APIAUTH_CLIENTS_1_TOKEN="$ADMIN_TOKEN" APIAUTH_CLIENTS_1_ROLE=ADMIN \
    HSS_AVPROXY_BASEURL="$PROXY_URL" HSS_AVPROXY_TOKEN="$PROXY_HSS_TOKEN" \
    HSS_SCSCFS_0_NAME="$SCSCF" HSS_SCSCFS_0_NOTIFYURL=http://127.0.0.1:1 \
    $HSS_ENV
HSS_PID=$STARTED_PID
PROXY_READY_S=$(wait_ready "$PROXY_PID" "$PROXY_MANAGEMENT_URL" "$PROXY_LOG" "the web-auth proxy" "$START_TIMEOUT" "$START0") || exit 1
HSS_READY_S=$(wait_ready "$HSS_PID" "$HSS_MANAGEMENT_URL" "$HSS_LOG" "the HSS" "$START_TIMEOUT" "$START0") || exit 1
log "ready: proxy after ${PROXY_READY_S}s, HSS after ${HSS_READY_S}s (started together)"

# ---- (d) provisioning and functional check -------------------------------------------------------------------
export BENCH_HSS_ADMIN_TOKEN=$ADMIN_TOKEN BENCH_PROXY_SYNC_TOKEN=$PROXY_SYNC_TOKEN BENCH_CSCF_TOKEN=$CSCF_TOKEN BENCH_ICSCF_TOKEN=$ICSCF_TOKEN
log "provisioning $USERS users ($PROVISION_THREADS concurrent subscription PUTs)"
PROV0=$(now)
if ! PROVISION=$(provision_users hss "$HSS_URL" "$PROXY_URL" "$USERS" --threads "$PROVISION_THREADS" --salt "$SALT" \
        2> >(tee -a "$PROBLEMS" >&2)); then
    FAILED=1
fi
PROV_S=$(since "$PROV0")
grep '^RESULT' <<<"$PROVISION" | sed 's/^RESULT /  /' >&2 || true
grep -q '^RESULT step=credentials ok=1' <<<"$PROVISION" || die "provisioning failed (see $PROBLEMS)"

log "functional check of one registration (user $((USERS - 1)))"
if ! VERIFY=$(bench_tool verify-cx --hss "$HSS_URL" --users "$USERS" --salt "$SALT" \
        --user $((USERS - 1)) 2> >(tee -a "$PROBLEMS" >&2)); then
    FAILED=1
fi
VERIFY=$(grep '^RESULT' <<<"$VERIFY" | sed 's/^RESULT //')
log "$VERIFY"
if [[ $(kv "$VERIFY" ok) != 1 ]]; then
    jcmd "$HSS_PID" Thread.print >"$BASE.hss-threads.txt" 2>&1 || true
    jcmd "$PROXY_PID" Thread.print >"$BASE.proxy-threads.txt" 2>&1 || true
    die "functional check failed (see $PROBLEMS; thread dumps $BASE.*-threads.txt): the load would measure errors"
fi

VACUUMED=no
if (( VACUUM )); then
    log "VACUUM (ANALYZE) of both databases"
    psql_admin -d "$HSS_DB" -c "VACUUM (ANALYZE)" >/dev/null && psql_admin -d "$PROXY_DB" -c "VACUUM (ANALYZE)" >/dev/null \
        && VACUUMED=yes || VACUUMED=failed
fi

if [[ $HOLD == 1 ]]; then
    cat >"$WORK/env" <<ENV
export HSS_URL=$HSS_URL PROXY_URL=$PROXY_URL HSS_PID=$HSS_PID PROXY_PID=$PROXY_PID POSTMASTER_PID=$POSTMASTER_PID
export BENCH_CSCF_TOKEN=$CSCF_TOKEN BENCH_ICSCF_TOKEN=$ICSCF_TOKEN BENCH_HSS_ADMIN_TOKEN=$ADMIN_TOKEN BENCH_PROXY_SYNC_TOKEN=$PROXY_SYNC_TOKEN
export PROXY_HSS_TOKEN=$PROXY_HSS_TOKEN SALT=$SALT USERS=$USERS
ENV
    log "BENCH_HOLD=1: both services run, users provisioned; settings in $WORK/env (source it and run e.g."
    log "  java $HERE/LoadGen.java --url \$HSS_URL --users \$USERS --salt \$SALT ...). Stop with Ctrl-C or kill $$"
    while kill -0 "$HSS_PID" 2>/dev/null && kill -0 "$PROXY_PID" 2>/dev/null; do sleep 1; done
    die "a service exited while holding"
fi

# ---- (e) load: warm-up, then the measured window -------------------------------------------------------------
cat >"$WORK/pgstat.sql" <<'SQL'
SELECT 'table', relname, seq_scan, seq_tup_read, coalesce(idx_scan, 0), n_tup_ins, n_tup_upd, n_tup_hot_upd,
       n_tup_del, n_dead_tup, autovacuum_count FROM pg_stat_user_tables;
SELECT 'db', xact_commit, xact_rollback, deadlocks, conflicts, blks_read, blks_hit, tup_returned, tup_fetched
  FROM pg_stat_database WHERE datname = current_database();
SQL
cpu_snap_script "$WORK/snap.sh" hss="$HSS_PID" proxy="$PROXY_PID" postgres="$POSTMASTER_PID"
# called by the load generator (sh -c, LOADGEN_PID set) right before / after the measured window
cat >"$WORK/mark.sh" <<EOF
#!/bin/sh
pgstat() { su postgres -s /bin/sh -c 'psql -X -q -At -F"|" -p $PG_PORT -d $HSS_DB' <"$WORK/pgstat.sql" >"\$1" 2>/dev/null; }
snap() { "$WORK/snap.sh" "\$1" client=\$LOADGEN_PID; }
if [ "\$1" = start ]; then
    # statistics as in steady state: impu_registration grew from 1 row (functional check) during the warm-up, and
    # plans cached while it was tiny may seq-scan it until autovacuum's next ANALYZE
    [ "$VACUUM" = 1 ] && su postgres -s /bin/sh -c 'psql -X -q -p $PG_PORT -d $HSS_DB -c "ANALYZE impu_registration"' >/dev/null 2>&1
    pgstat "$WORK/pg0.txt"
    wc -l <"$HSS_GC" >"$WORK/hss-gc0"; wc -l <"$PROXY_GC" >"$WORK/proxy-gc0"
    snap "$WORK/cpu0.snap"
else
    snap "$WORK/cpu1.snap"
    wc -l <"$HSS_GC" >"$WORK/hss-gc1"; wc -l <"$PROXY_GC" >"$WORK/proxy-gc1"
    pgstat "$WORK/pg1.txt"
fi
EOF
chmod +x "$WORK/mark.sh"

log "load: C=$CONCURRENCY engine=$ENGINE $( [[ $RATE != 0 ]] && echo "rate ${RATE}/s" || echo "closed loop"), warm-up ${WARMUP}s (up to ${WARMUP_MAX}s until the JIT is idle), measured ${DURATION}s"
# shellcheck disable=SC2086
java $CLIENT_JAVA_OPTS "$HERE/LoadGen.java" --url "$HSS_URL" --users "$USERS" --concurrency "$CONCURRENCY" \
    --warmup "$WARMUP" --warmup-max "$WARMUP_MAX" --jit-idle-cores "$JIT_IDLE" --jit-pids "$HSS_PID,$PROXY_PID" \
    --duration "$DURATION" --rate "$RATE" --engine "$ENGINE" --timeout-ms "$TIMEOUT_MS" \
    --salt "$SALT" --wwsf "$WWSF" --scscf "$SCSCF" --timeline "$TIMELINE" \
    --hook-start "$WORK/mark.sh start" --hook-end "$WORK/mark.sh end" >"$LOADGEN_OUT" || FAILED=1

kill -0 "$HSS_PID" 2>/dev/null || { FAILED=1; log "the HSS died during the run"; }
kill -0 "$PROXY_PID" 2>/dev/null || { FAILED=1; log "the proxy died during the run"; }
curl -s "$HSS_MANAGEMENT_URL/actuator/prometheus" >"$WORK/hss-metrics.txt" || true

# ---- (f) summary ---------------------------------------------------------------------------------------------
line() { grep -m1 "^$1" "$LOADGEN_OUT" | cut -d' ' -f2- || true; }
M=$(line 'RESULT phase=measure'); W=$(line 'RESULT phase=warmup')
SEQ=$(line 'LAT phase=measure what=sequence'); WSEQ=$(line 'LAT phase=warmup what=sequence')
UARR=$(line 'UAR phase=measure'); CLIENT=$(line 'CLIENT'); TL=$(line 'TIMELINE'); WEND=$(line 'WARMUP_END')
WPROGRESS=$(grep '^WARMUP t=' "$LOADGEN_OUT" | awk '{ split($2, t, "="); split($3, r, "="); split($4, j, "="); printf "%ss:%.0f/s,jit %.2f  ", t[2], r[2], j[2] }' || true)
SEQ_PER_S=$(kv "$M" seq_per_s); P99=$(kv "$SEQ" p99_ms)
ERRS=$(grep -c '^ERR phase=measure' "$LOADGEN_OUT" || true)
MFAILED=$(kv "$M" failed)
[[ -n $M && ${MFAILED:-1} == 0 && $(kv "$M" sequences) != 0 ]] || FAILED=1
CPU_LINE=NA
[[ -f $WORK/cpu0.snap && -f $WORK/cpu1.snap ]] && CPU_LINE=$(cpu_diff "$WORK/cpu0.snap" "$WORK/cpu1.snap")
FOREIGN=$(kv "$CPU_LINE" foreign_cores)
gc_line() {  # log from-file to-file
    if [[ -f $2 && -f $3 ]]; then gc_pauses "$1" $(( $(cat "$2") + 1 )) "$(cat "$3")"; else echo NA; fi
}
HSS_GC_LINE=$(gc_line "$HSS_GC" "$WORK/hss-gc0" "$WORK/hss-gc1")
PROXY_GC_LINE=$(gc_line "$PROXY_GC" "$WORK/proxy-gc0" "$WORK/proxy-gc1")
DB_LINES=$(bench_tool pgstat-diff "$WORK/pg0.txt" "$WORK/pg1.txt" "$(kv "$M" sequences)" 2>/dev/null || echo "pgstat=NA")
METRICS=$(bench_tool metrics "$WORK/hss-metrics.txt")
lat() {  # LAT line -> "p50 .. p90 .. p99 .. p99.9 .. max .. mean .."
    echo "p50 $(kv "$1" p50_ms)  p90 $(kv "$1" p90_ms)  p99 $(kv "$1" p99_ms)  p99.9 $(kv "$1" p999_ms)  max $(kv "$1" max_ms)  mean $(kv "$1" mean_ms)  (n=$(kv "$1" count))"
}
[[ -s $PROBLEMS ]] || rm -f "$PROBLEMS"

{
    echo "HSS benchmark (UAR -> MAR -> SAR, real web-auth proxy)  $TS"
    echo "commit:       $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo NA)$(git -C "$ROOT" diff --quiet HEAD -- . ':!bench' 2>/dev/null || echo ' (dirty)')"
    echo "machine:      $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); load generator, HSS, proxy and PostgreSQL share it"
    echo "java:         $(java -version 2>&1 | head -n1)  HSS opts: ${HSS_JAVA_OPTS:-<none>}  proxy opts: ${PROXY_JAVA_OPTS:-<none>}  client: $CLIENT_JAVA_OPTS"
    echo "jars:         ${HSS_JAR#"$ROOT"/} (sha256 $HSS_JAR_SHA, built $(date -u -r "$HSS_JAR" +%FT%TZ)); ${PROXY_JAR#"$ROOT"/} ($PROXY_JAR_SHA, built $(date -u -r "$PROXY_JAR" +%FT%TZ))"
    echo "database:     local cluster $PG_VERSION/$PG_CLUSTER port $PG_PORT ($PG_SETTINGS); $HSS_DB + $PROXY_DB; vacuum before load: $VACUUMED"
    echo "extra env:    HSS: ${HSS_ENV:-<none>}  proxy: ${PROXY_ENV:-<none>}"
    echo "knobs:        users=$USERS concurrency=$CONCURRENCY warm-up=${WARMUP}..${WARMUP_MAX}s (JIT idle < $JIT_IDLE cores) measured=${DURATION}s rate=$( [[ $RATE != 0 ]] && echo "${RATE}/s" || echo closed-loop) client=$ENGINE timeout=${TIMEOUT_MS}ms"
    echo "before run:   machine $(kv "$IDLE_LINE" machine_busy_pct)% busy in the 3 s before the run ($(kv "$IDLE_LINE" top_foreign))"
    echo "startup:      proxy ready after ${PROXY_READY_S}s, HSS after ${HSS_READY_S}s (started together)"
    echo
    echo "Provisioning ($PROV_S s in total)"
    grep '^RESULT' <<<"$PROVISION" | sed 's/^RESULT /  /'
    echo "  functional check: $VERIFY"
    [[ $(kv "$VERIFY" token_checks) == ok* ]] || echo "  WARNING:     a token check (401 / 403 on a reused connection) failed: see $PROBLEMS and README (findings)"
    echo
    echo "Registration sequences, measured window ($(kv "$M" seconds) s)"
    echo "  sequences/s:   $SEQ_PER_S   ($(kv "$M" sequences) sequences, $(kv "$M" failed) failed; $(kv "$M" req_per_s) HSS requests/s; per-second min $(kv "$TL" min_per_s) max $(kv "$TL" max_per_s))"
    if [[ $RATE != 0 ]]; then
        echo "  open loop:     offered ${RATE}/s, achieved $SEQ_PER_S/s; sequence latency counts from each sequence's due time"
        [[ $(ge "${SEQ_PER_S:-0}" "$(awk -v r="$RATE" 'BEGIN { print r * 0.98 }')") == 1 ]] \
            || echo "  WARNING:       the offered rate was not sustained: latencies include the growing backlog"
    fi
    echo "  sequence ms:   $(lat "$SEQ")"
    for step in UAR MAR SAR; do
        printf '  %-4s ms:      %s\n' "$step" "$(lat "$(line "LAT phase=measure what=$step ")")"
    done
    echo "  UAR answers:   first registration $(kv "$UARR" first_registration), subsequent $(kv "$UARR" subsequent_registration)"
    echo "  errors:        $( ((ERRS == 0)) && echo none || echo "$ERRS kinds:")"
    grep '^ERR phase=measure' "$LOADGEN_OUT" | sed 's/^ERR phase=measure /                 /' || true
    grep '^SAMPLE measure/' "$LOADGEN_OUT" | cut -c1-300 | sed 's/^SAMPLE /                 e.g. /' || true
    WERRS=$(grep -c '^ERR phase=warmup' "$LOADGEN_OUT" || true)
    if (( WERRS > 0 )); then
        echo "  warm-up errors (not counted in the targets):"
        grep '^ERR phase=warmup' "$LOADGEN_OUT" | sed 's/^ERR phase=warmup /                 /' || true
        grep '^SAMPLE warmup/' "$LOADGEN_OUT" | cut -c1-300 | sed 's/^SAMPLE /                 e.g. /' || true
    fi
    echo "  warm-up:       $(kv "$WEND" seconds) s (ended: $(kv "$WEND" reason)), $(kv "$W" seq_per_s) sequences/s on average, $(kv "$W" failed) failed"
    echo "                 progress (t: sequences/s, JIT cores of HSS+proxy+client): $WPROGRESS" | fold -s -w 160 | sed '2,$s/^/                 /'
    echo "                 warm-up sequence latency: $(lat "$WSEQ")"
    echo "  client:        $CLIENT"
    echo "  cpu (cores):   $CPU_LINE"
    echo "                 (measured window; hss/proxy/client = the JVMs incl. their JIT and GC threads, postgres = the"
    echo "                  cluster's postmaster and children, irq = irq/softirq/steal, foreign = everything else)"
    [[ $(ge "${FOREIGN:-0}" 0.2) == 1 ]] && echo "  WARNING:       other processes used $FOREIGN cores during the measured window ($(kv "$CPU_LINE" top_foreign)): the numbers are not clean"
    echo "  gc (window):   HSS $HSS_GC_LINE; proxy $PROXY_GC_LINE"
    echo "  gc (run):      HSS $(gc_pauses "$HSS_GC"); proxy $(gc_pauses "$PROXY_GC")"
    echo "  HSS metrics:   $METRICS"
    echo "  HSS database (measured window, pg_stat, approximate):"
    sed 's/^/                 /' <<<"$DB_LINES"
    echo "  HSS log:       $(log_issues "$HSS_LOG" 5 "                 ")"
    echo "  proxy log:     $(log_issues "$PROXY_LOG" 5 "                 ")"
    echo
    echo "Targets"
    target "throughput" "$(ge "${SEQ_PER_S:-0}" "$TARGET_SEQ_PER_S")" "$SEQ_PER_S sequences/s (>= $TARGET_SEQ_PER_S)"
    target "sequence p99" "$(le "${P99:-inf}" "$TARGET_P99_MS")" "$P99 ms (<= $TARGET_P99_MS)"
    target "errors" "$([[ ${MFAILED:-1} == 0 && $ERRS == 0 ]] && echo 1 || echo 0)" "${MFAILED:-NA} failed sequences (= 0)"
    echo
    echo "files: $LOADGEN_OUT $TIMELINE $HSS_LOG $PROXY_LOG $HSS_GC $PROXY_GC"
    (( FAILED )) && echo "RUN HAD FAILURES (see above${PROBLEMS:+ and $PROBLEMS})"
    true
} | tee "$OUT"
log "results written to $OUT"
exit "$FAILED"
