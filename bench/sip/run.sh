#!/usr/bin/env bash
# SIP registration load benchmark: sipp registers web users with SIP Digest (REGISTER -> 401 -> REGISTER with
# digest -> 200) through the I-CSCF to the S-CSCF, with the real HSS and web-auth proxy behind, all four on
# PostgreSQL (the I-CSCF has no database). See README.md in this directory.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RESULTS=${BENCH_RESULTS_DIR:-$ROOT/bench/results}
# shellcheck source=../common/lib.sh
source "$ROOT/bench/common/lib.sh"
SCENARIO=${BENCH_SCENARIO:-$ROOT/bench/sipp/register-digest.xml}

# ---- knobs -------------------------------------------------------------------------------------------------
USERS=${BENCH_USERS:-2000}                  # provisioned users (WWSF + subscription + mapping + credential each)
LEVELS=${BENCH_LEVELS:-10 100}              # concurrent registrations (sipp -users: closed loop), one phase each
WARMUP=${BENCH_WARMUP:-60}                  # minimum seconds of load at each level before its measured phase (0 = none) ...
WARMUP_MAX=${BENCH_WARMUP_MAX:-180}         # ... extended in 10 s steps until the JIT is idle, at most this long (= WARMUP: fixed)
JIT_IDLE=${BENCH_JIT_IDLE:-0.10}            # "JIT idle": compiler threads of the 4 JVMs together < this many cores over 10 s
DURATION=${BENCH_DURATION:-30}              # measured seconds per level
TRANSPORT=${BENCH_TRANSPORT:-t1}            # sipp -t: t1 = one TCP connection (one eP-CSCF), tn = one per call
IDLE=${BENCH_IDLE:-20}                      # idle seconds before each RSS reading
RECV_TIMEOUT=${BENCH_RECV_TIMEOUT:-10s}     # sipp -recv_timeout: an unanswered REGISTER fails the call
IDENTITY=${BENCH_IDENTITY:-per-user}        # per-user: own web identity + password per user; shared: one for all (see README)
PASSWORD=${BENCH_PASSWORD:-wonderland}      # password (per-user: <password>-<6 digits>)
NAMING=${BENCH_NAMING:-sipp}                # users (bench/common/Bench.java): sipp, or anchor (one WWSF, the Kamailio anchor's users)
PROVISION_THREADS=${BENCH_PROVISION_THREADS:-8}
PROXY_PORT=${BENCH_PROXY_PORT:-18190}
HSS_PORT=${BENCH_HSS_PORT:-18191}
ICSCF_HTTP_PORT=${BENCH_ICSCF_HTTP_PORT:-18192}
SCSCF_HTTP_PORT=${BENCH_SCSCF_HTTP_PORT:-18193}
MGMT_OFFSET=${BENCH_MANAGEMENT_PORT_OFFSET:-100}   # each service's management port (probes, metrics) = its HTTP port + this
ICSCF_SIP_PORT=${BENCH_ICSCF_SIP_PORT:-15160}
SCSCF_SIP_PORT=${BENCH_SCSCF_SIP_PORT:-15162}
SIPP_PORT=${BENCH_SIPP_PORT:-15170}         # sipp -p (its local port with -t t1: Via and Path)
JAVA_OPTS=${BENCH_JAVA_OPTS:-}              # for all four JVMs, e.g. "-Xmx256m -XX:+UseSerialGC"
PROXY_JAVA_OPTS=${BENCH_PROXY_JAVA_OPTS:-$JAVA_OPTS}
HSS_JAVA_OPTS=${BENCH_HSS_JAVA_OPTS:-$JAVA_OPTS}
SCSCF_JAVA_OPTS=${BENCH_SCSCF_JAVA_OPTS:-$JAVA_OPTS}
ICSCF_JAVA_OPTS=${BENCH_ICSCF_JAVA_OPTS:-$JAVA_OPTS}
PROXY_ENV=${BENCH_PROXY_ENV:-}              # extra VAR=value settings per service, e.g. SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE=20
HSS_ENV=${BENCH_HSS_ENV:-}
SCSCF_ENV=${BENCH_SCSCF_ENV:-}
ICSCF_ENV=${BENCH_ICSCF_ENV:-}
START_TIMEOUT=${BENCH_START_TIMEOUT:-300}
REBUILD=${BENCH_REBUILD:-0}
KEEP_DB=${BENCH_KEEP_DB:-0}
VACUUM=${BENCH_VACUUM:-1}                   # VACUUM (ANALYZE) the databases after provisioning, ANALYZE before each measured run
CHECK_RTR=${BENCH_CHECK_RTR:-1}             # after the load: delete one subscription, expect its binding gone at the S-CSCF
HOLD=${BENCH_HOLD:-0}                       # 1 = provision, then keep everything running (no load) until Ctrl-C
PG_VERSION=${BENCH_PG_VERSION:-15}
PG_CLUSTER=${BENCH_PG_CLUSTER:-main}
DB_PREFIX=${BENCH_DB_PREFIX:-bench_sip_}      # database + role names <prefix>proxy/hss/scscf (another run on the same cluster: another prefix)
[[ $DB_PREFIX =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "BENCH_DB_PREFIX must be a lower-case SQL identifier" >&2; exit 1; }
PROXY_DB=${DB_PREFIX}proxy
HSS_DB=${DB_PREFIX}hss
SCSCF_DB=${DB_PREFIX}scscf
DOMAIN=ims.example.net
SCSCF_NAME="sip:127.0.0.1:$SCSCF_SIP_PORT;transport=tcp"
# targets (reported, not enforced)
TARGET_LEVEL=100
TARGET_RATE=1500
TARGET_P99_MS=50
TARGET_RSS_MIB=200
# --------------------------------------------------------------------------------------------------------------

TS=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$RESULTS"
BASE=$RESULTS/sip-$TS
OUT=$BASE.txt
PROBLEMS=$BASE.problems.txt
SERVICES="proxy hss scscf icscf"
PROXY_URL=http://127.0.0.1:$PROXY_PORT
HSS_URL=http://127.0.0.1:$HSS_PORT
SCSCF_URL=http://127.0.0.1:$SCSCF_HTTP_PORT
ICSCF_URL=http://127.0.0.1:$ICSCF_HTTP_PORT
declare -A MGMT_URL=([proxy]=http://127.0.0.1:$((PROXY_PORT + MGMT_OFFSET)) [hss]=http://127.0.0.1:$((HSS_PORT + MGMT_OFFSET))
                     [scscf]=http://127.0.0.1:$((SCSCF_HTTP_PORT + MGMT_OFFSET)) [icscf]=http://127.0.0.1:$((ICSCF_HTTP_PORT + MGMT_OFFSET)))

problem() { log "PROBLEM: $*"; echo "$*" >>"$PROBLEMS"; }

for tool in java curl sipp su pg_lsclusters pg_ctlcluster; do
    command -v "$tool" >/dev/null || die "$tool is required"
done
[[ -f $SCENARIO ]] || die "scenario $SCENARIO not found"
[[ $USERS =~ ^[0-9]+$ ]] && (( USERS > 0 )) || die "BENCH_USERS=$USERS must be a positive number"
for level in $LEVELS; do
    [[ $level =~ ^[0-9]+$ ]] && (( level > 0 )) || die "BENCH_LEVELS must be positive numbers"
    # sipp picks users round-robin: an IMPU comes back only every USERS calls, so at most one call per IMPU is in
    # flight when USERS > level (every call of an IMPU has the same Contact, so each registration refreshes one
    # binding; the S-CSCF would refuse a 6th contact per IMPU)
    (( USERS >= 4 * level )) || die "BENCH_USERS=$USERS must be at least 4 x the highest level ($level)"
done
[[ $TRANSPORT == t1 || $TRANSPORT == tn ]] || die "BENCH_TRANSPORT must be t1 or tn"
[[ $IDENTITY == per-user || $IDENTITY == shared ]] || die "BENCH_IDENTITY must be per-user or shared"
SHARED_FLAG=""
[[ $IDENTITY == shared ]] && SHARED_FLAG="--shared-identity"
# sipp expands injection fields in -au / -ap (not inside [authentication ...]): field 1 = web identity, 3 = password
SIPP_COMMON=(-t "$TRANSPORT" -i 127.0.0.1 -p "$SIPP_PORT" -auth_uri "$DOMAIN" -au '[field1]' -ap '[field3]')
[[ $TRANSPORT == tn ]] && SIPP_COMMON+=(-max_socket 5000)
for p in "$PROXY_PORT" "$HSS_PORT" "$ICSCF_HTTP_PORT" "$SCSCF_HTTP_PORT" "$ICSCF_SIP_PORT" "$SCSCF_SIP_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then die "port $p is already in use; see the BENCH_*_PORT knobs"; fi
done

PG_STARTED=0
DBS_CREATED=0
FAILED=0
PG_PORT=""
POSTMASTER_PID=0
declare -A PID=() LOG=() GC=() READY_S=() RSS_IDLE=() RSS_LOADED=() RSS_AFTER=()
WORK=$(mktemp -d /tmp/bench-sip.XXXXXX)
SIPP_PID=""

psql_val() { as_postgres psql -X -q -At -p "$PG_PORT" -d "$1" -c "$2" 2>/dev/null || echo NA; }

cleanup() {
    local rc=$?
    set +e
    if [[ -n $SIPP_PID ]] && kill -0 "$SIPP_PID" 2>/dev/null; then kill -9 "$SIPP_PID"; wait "$SIPP_PID" 2>/dev/null; fi
    for s in icscf scscf hss proxy; do stop_java "${PID[$s]:-}" "$s"; done
    if (( DBS_CREATED )) && (( ! KEEP_DB )); then
        log "dropping databases $PROXY_DB, $HSS_DB, $SCSCF_DB and their roles"
        pg_drop_databases "$PROXY_DB" "$HSS_DB" "$SCSCF_DB"
    fi
    pg_cluster_down "$PG_VERSION" "$PG_CLUSTER"
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

IDLE_LINE=$(idle_cpu_line "$WORK")
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "before the run: $IDLE_LINE (load average $LOAD_BEFORE)"

# ---- (a) databases: local Debian cluster, three fresh databases ----------------------------------------------
pg_cluster_up "$PG_VERSION" "$PG_CLUSTER"
declare -A DB_PASSWORD=()
log "creating databases $PROXY_DB, $HSS_DB, $SCSCF_DB (port $PG_PORT)"
DBS_CREATED=1
for db in "$PROXY_DB" "$HSS_DB" "$SCSCF_DB"; do
    DB_PASSWORD[$db]=$(rand_hex 16)
    pg_create_database "$db" "${DB_PASSWORD[$db]}"
done
PG_SETTINGS=$(pg_settings_line)

# ---- (b) jars ------------------------------------------------------------------------------------------------
declare -A MODULE=([proxy]=web-auth-proxy-service [hss]=hss-service [scscf]=scscf-service [icscf]=icscf-service)
declare -A JAR=() JAR_SHA=()
MISSING=0
for s in $SERVICES; do find_jar "${MODULE[$s]}" >/dev/null || MISSING=1; done
if [[ $REBUILD == 1 ]] || (( MISSING )); then
    log "building the four services"
    (cd "$ROOT" && ./mvnw -B -q -pl web-auth-proxy-service,hss-service,scscf-service,icscf-service -am package -DskipTests)
fi
for s in $SERVICES; do
    JAR[$s]=$(find_jar "${MODULE[$s]}") || die "no executable jar in ${MODULE[$s]}/target"
    copy_jar "${JAR[$s]}" "$WORK/$s.jar"
    JAR_SHA[$s]=$(sha256sum "$WORK/$s.jar" | cut -c1-12)
done
log "jars: $(for s in $SERVICES; do printf '%s (%s, built %s) ' "${JAR[$s]#"$ROOT"/}" "${JAR_SHA[$s]}" "$(date -u -r "${JAR[$s]}" +%H:%M:%SZ)"; done)"

# ---- (c) start the four services -----------------------------------------------------------------------------
# one token per caller (docs/security.md)
PROXY_HSS_TOKEN=bench-hss-$(rand_hex 24)       # the HSS at the proxy (HSS)
PROXY_SYNC_TOKEN=bench-op-$(rand_hex 24)       # the operator syncing credentials of every WWSF at the proxy (ADMIN)
SCSCF_TOKEN=bench-scscf-$(rand_hex 24)         # the S-CSCF at the HSS (S_CSCF, scoped to its Server-Name)
ICSCF_TOKEN=bench-icscf-$(rand_hex 24)         # the I-CSCF at the HSS (I_CSCF)
ADMIN_TOKEN=bench-operator-$(rand_hex 24)      # the operator at the HSS (ADMIN)
NOTIFY_TOKEN=bench-hss-rtr-$(rand_hex 24)      # the HSS at the S-CSCF's cx-notify API (HSS)
ENC_KEY=$(rand_b64 32)                         # proxy: AES-256 key k1
NONCE_KEY=$(rand_b64 32)                       # S-CSCF: nonce HMAC key

for s in $SERVICES; do LOG[$s]=$BASE.$s.log; GC[$s]=$BASE.$s-gc.log; done
# Environment in Spring's canonical form (dots and brackets -> _, dashes dropped, upper case).
log "starting proxy :$PROXY_PORT, HSS :$HSS_PORT, S-CSCF :$SCSCF_HTTP_PORT sip $SCSCF_SIP_PORT, I-CSCF :$ICSCF_HTTP_PORT sip $ICSCF_SIP_PORT"
START0=$(now)
# shellcheck disable=SC2086  # *_ENV are lists
java_start "$WORK/proxy.jar" "${LOG[proxy]}" "${GC[proxy]}" "$PROXY_JAVA_OPTS" SERVER_PORT="$PROXY_PORT" \
    SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$PROXY_DB" \
    SPRING_DATASOURCE_USERNAME="$PROXY_DB" SPRING_DATASOURCE_PASSWORD="${DB_PASSWORD[$PROXY_DB]}" \
    WEBAUTHPROXY_ENCRYPTION_ACTIVEKEYID=k1 WEBAUTHPROXY_ENCRYPTION_KEYS_K1="$ENC_KEY" \
    MANAGEMENT_SERVER_PORT=$((PROXY_PORT + MGMT_OFFSET)) \
    APIAUTH_CLIENTS_0_NAME=hss APIAUTH_CLIENTS_0_TOKEN="$PROXY_HSS_TOKEN" APIAUTH_CLIENTS_0_ROLE=HSS \
    APIAUTH_CLIENTS_1_NAME=operator APIAUTH_CLIENTS_1_TOKEN="$PROXY_SYNC_TOKEN" APIAUTH_CLIENTS_1_ROLE=ADMIN \
    $PROXY_ENV
PID[proxy]=$STARTED_PID
# shellcheck disable=SC2086
java_start "$WORK/hss.jar" "${LOG[hss]}" "${GC[hss]}" "$HSS_JAVA_OPTS" SERVER_PORT="$HSS_PORT" \
    SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$HSS_DB" \
    SPRING_DATASOURCE_USERNAME="$HSS_DB" SPRING_DATASOURCE_PASSWORD="${DB_PASSWORD[$HSS_DB]}" \
    MANAGEMENT_SERVER_PORT=$((HSS_PORT + MGMT_OFFSET)) \
    APIAUTH_CLIENTS_0_NAME=scscf APIAUTH_CLIENTS_0_TOKEN="$SCSCF_TOKEN" APIAUTH_CLIENTS_0_ROLE=S_CSCF \
    APIAUTH_CLIENTS_0_SCOPES_0="$SCSCF_NAME" \
    APIAUTH_CLIENTS_1_NAME=operator APIAUTH_CLIENTS_1_TOKEN="$ADMIN_TOKEN" APIAUTH_CLIENTS_1_ROLE=ADMIN \
    APIAUTH_CLIENTS_2_NAME=icscf APIAUTH_CLIENTS_2_TOKEN="$ICSCF_TOKEN" APIAUTH_CLIENTS_2_ROLE=I_CSCF \
    HSS_AVPROXY_BASEURL="$PROXY_URL" HSS_AVPROXY_TOKEN="$PROXY_HSS_TOKEN" \
    HSS_SCSCFS_0_NAME="$SCSCF_NAME" HSS_SCSCFS_0_NOTIFYURL="$SCSCF_URL" \
    HSS_DEREGISTRATIONNOTICES_TOKEN="$NOTIFY_TOKEN" \
    $HSS_ENV
PID[hss]=$STARTED_PID
# shellcheck disable=SC2086
java_start "$WORK/scscf.jar" "${LOG[scscf]}" "${GC[scscf]}" "$SCSCF_JAVA_OPTS" SERVER_PORT="$SCSCF_HTTP_PORT" \
    SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$SCSCF_DB" \
    SPRING_DATASOURCE_USERNAME="$SCSCF_DB" SPRING_DATASOURCE_PASSWORD="${DB_PASSWORD[$SCSCF_DB]}" \
    MANAGEMENT_SERVER_PORT=$((SCSCF_HTTP_PORT + MGMT_OFFSET)) \
    APIAUTH_CLIENTS_0_NAME=hss APIAUTH_CLIENTS_0_TOKEN="$NOTIFY_TOKEN" APIAUTH_CLIENTS_0_ROLE=HSS \
    SCSCF_SERVERNAME="$SCSCF_NAME" SCSCF_SIP_HOST=127.0.0.1 SCSCF_SIP_PORT="$SCSCF_SIP_PORT" \
    SCSCF_HSS_BASEURL="$HSS_URL" SCSCF_HSS_TOKEN="$SCSCF_TOKEN" SCSCF_DIGEST_NONCEKEYS_0="$NONCE_KEY" \
    $SCSCF_ENV
PID[scscf]=$STARTED_PID
# shellcheck disable=SC2086
java_start "$WORK/icscf.jar" "${LOG[icscf]}" "${GC[icscf]}" "$ICSCF_JAVA_OPTS" \
    SERVER_PORT="$ICSCF_HTTP_PORT" MANAGEMENT_SERVER_PORT=$((ICSCF_HTTP_PORT + MGMT_OFFSET)) \
    ICSCF_SIP_HOST=127.0.0.1 ICSCF_SIP_PORT="$ICSCF_SIP_PORT" ICSCF_SIP_TRANSPORTS=tcp,udp \
    ICSCF_HSS_BASEURL="$HSS_URL" ICSCF_HSS_TOKEN="$ICSCF_TOKEN" \
    $ICSCF_ENV
PID[icscf]=$STARTED_PID

for s in $SERVICES; do
    READY_S[$s]=$(wait_ready "${PID[$s]}" "${MGMT_URL[$s]}" "${LOG[$s]}" "$s" "$START_TIMEOUT" "$START0") || exit 1
done
log "ready after: proxy ${READY_S[proxy]}s, HSS ${READY_S[hss]}s, S-CSCF ${READY_S[scscf]}s, I-CSCF ${READY_S[icscf]}s (started together)"

# ---- (d) settings check: each service listens where the environment says ------------------------------------
# The SIP stacks log "SIP stack <name> listening on <host>:<port> [transports]"; the HTTP ports answered above.
BINDINGS=""
check_listen() {  # service host port
    if grep -q "listening on $2:$3 " "${LOG[$1]}"; then
        BINDINGS+="$1 SIP $2:$3 ok; "
    else
        problem "$1: its log does not say 'listening on $2:$3' (SIP host/port setting not applied?)"
        BINDINGS+="$1 SIP $2:$3 NOT CONFIRMED; "
        FAILED=1
    fi
}
check_listen scscf 127.0.0.1 "$SCSCF_SIP_PORT"
check_listen icscf 127.0.0.1 "$ICSCF_SIP_PORT"
for pair in "proxy:$PROXY_DB" "hss:$HSS_DB" "scscf:$SCSCF_DB"; do
    n=$(psql_val postgres "SELECT count(*) FROM pg_stat_activity WHERE datname = '${pair#*:}' AND usename = '${pair#*:}'")
    if [[ $n =~ ^[0-9]+$ ]] && (( n > 0 )); then BINDINGS+="${pair%%:*} db ${pair#*:} ok ($n connections); "
    else problem "${pair%%:*}: no connection to database ${pair#*:} (SPRING_DATASOURCE_* not applied?)"; FAILED=1; fi
done

# ---- (e) provisioning ----------------------------------------------------------------------------------------
export BENCH_HSS_ADMIN_TOKEN=$ADMIN_TOKEN BENCH_PROXY_SYNC_TOKEN=$PROXY_SYNC_TOKEN
users_file "$NAMING" "$USERS" "$WORK/users.csv" --password "$PASSWORD" $SHARED_FLAG
log "provisioning $USERS users, $IDENTITY web identities ($PROVISION_THREADS concurrent PUTs for WWSFs and subscriptions)"
PROV0=$(now)
if ! PROVISION=$(provision_users "$NAMING" "$HSS_URL" "$PROXY_URL" "$USERS" --threads "$PROVISION_THREADS" \
        --password "$PASSWORD" $SHARED_FLAG 2> >(tee -a "$PROBLEMS" >&2)); then
    FAILED=1
fi
PROV_S=$(since "$PROV0")
grep '^RESULT' <<<"$PROVISION" | sed 's/^RESULT /  /' >&2 || true
grep -q '^RESULT step=all ok=1' <<<"$PROVISION" || die "provisioning failed (see $PROBLEMS)"

VACUUMED=no
if (( VACUUM )); then
    VACUUMED=yes
    for db in "$PROXY_DB" "$HSS_DB" "$SCSCF_DB"; do psql_admin -d "$db" -c "VACUUM (ANALYZE)" >/dev/null || VACUUMED=failed; done
fi

# ---- sipp ----------------------------------------------------------------------------------------------------
# run_sipp NAME USERS SECONDS [MAX_SECONDS]: one sipp run, closed loop with USERS concurrent calls, stopped
# gracefully (SIGUSR1: no new calls, in-flight ones finish) after SECONDS, or, with MAX_SECONDS > SECONDS, once the
# JIT compiler threads of the four JVMs use less than JIT_IDLE cores over 10 s (at most MAX_SECONDS); files in
# $WORK/NAME. CPU snapshots of the whole machine are taken right after sipp started and right before it is told to stop.
snap() {  # file
    cpu_snap "$1" proxy="${PID[proxy]}" hss="${PID[hss]}" scscf="${PID[scscf]}" icscf="${PID[icscf]}" sipp="$SIPP_PID" \
        postgres="$POSTMASTER_PID"
}
pg_db_stats() {  # file: pg_stat_database counters of our three databases (flushed by PostgreSQL at least every second)
    local q="SELECT datname, xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated,"
    q+=" tup_deleted, blks_read, blks_hit FROM pg_stat_database WHERE datname LIKE '${DB_PREFIX}%' ORDER BY datname"
    as_postgres psql -X -q -At -F '|' -p "$PG_PORT" -d postgres -c "$q" >"$1" 2>/dev/null || true
}
run_sipp() {
    local name=$1 users=$2 seconds=$3 max=${4:-$3} csv=$WORK/users.csv dir=$WORK/$1
    mkdir -p "$dir"
    (cd "$dir" && exec sipp "127.0.0.1:$ICSCF_SIP_PORT" -sf "$SCENARIO" -inf "$csv" "${SIPP_COMMON[@]}" \
        -users "$users" -recv_timeout "$RECV_TIMEOUT" -default_behaviors all,-bye -nostdin \
        -trace_err -error_file "$dir/errors.log" -trace_stat -stf "$dir/stat.csv" -fd 1 \
        -trace_rtt -rtt_freq 1 >"$dir/screen.txt" 2>"$dir/stderr.txt") &
    SIPP_PID=$!
    local t0
    t0=$(now)
    sleep 0.5
    snap "$dir/cpu0.snap"
    pg_db_stats "$dir/pg0.txt"
    for s in $SERVICES; do wc -l <"${GC[$s]}" >"$dir/$s-gc0"; done
    sleep "$(awk -v t0="$t0" -v now="$EPOCHREALTIME" -v s="$seconds" -v m="$max" \
        'BEGIN { d = t0 + s - (m > s ? 10 : 0) - now; printf "%.3f", (d > 0 ? d : 0) }')"
    local reason=fixed
    if (( max > seconds )); then
        local jit progress=""
        while :; do
            snap "$dir/jit0.snap"; sleep 10; snap "$dir/jit1.snap"
            jit=$(jit_cores "$(cpu_diff "$dir/jit0.snap" "$dir/jit1.snap")")
            progress+="$(since "$t0")s:jit=$jit "
            if is_num "$jit" && [[ $(ge "$jit" "$JIT_IDLE") == 0 ]]; then reason=jit-idle; break; fi
            if (( $(date +%s) + 10 > ${t0%.*} + max )); then reason=max-reached; break; fi
            kill -0 "$SIPP_PID" 2>/dev/null || { reason=sipp-exited; break; }
        done
        echo "warm-up end: $reason after $(since "$t0")s (JIT cores of the 4 JVMs over the last 10 s: $progress)" >"$dir/warmup.txt"
    fi
    snap "$dir/cpu1.snap"
    pg_db_stats "$dir/pg1.txt"
    for s in $SERVICES; do wc -l <"${GC[$s]}" >"$dir/$s-gc1"; done
    kill -USR1 "$SIPP_PID" 2>/dev/null || true
    local rc=0
    for _ in $(seq 1 40); do kill -0 "$SIPP_PID" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$SIPP_PID" 2>/dev/null; then
        problem "$name: sipp did not stop within 20 s of SIGUSR1 (calls hanging?); killed"
        kill -9 "$SIPP_PID" 2>/dev/null || true
    fi
    wait "$SIPP_PID" || rc=$?
    SIPP_PID=""
    echo "$rc" >"$dir/rc"
    cat "$dir"/*_rtt.csv >"$dir/rtt.csv" 2>/dev/null || true
}
# phase_line NAME -> key=value summary of a sipp run
phase_line() {
    bench_tool sipp-phase "$WORK/$1" "$(cat "$WORK/$1/rc")"
}
keep_phase_files() {  # NAME: copy sipp's raw output to the results
    local d=$WORK/$1
    [[ -s $d/errors.log ]] && cp "$d/errors.log" "$BASE.$1.sipp-errors.log"
    cp "$d/stat.csv" "$BASE.$1.sipp-stat.csv" 2>/dev/null || true
    cp "$d/rtt.csv" "$BASE.$1.sipp-rtt.csv" 2>/dev/null || true
}

# ---- (f) functional check: one registration of user 0, then the HSS's and the S-CSCF's view ------------------
log "functional check: one sipp registration of $(sed -n 2p "$WORK/users.csv" | cut -d';' -f1)"
head -n 2 "$WORK/users.csv" >"$WORK/one.csv"
FIRST_IMPU="sip:$(sed -n 2p "$WORK/users.csv" | cut -d';' -f1)@$DOMAIN"
(cd "$WORK" && mkdir -p check && cd check && sipp "127.0.0.1:$ICSCF_SIP_PORT" -sf "$SCENARIO" -inf "$WORK/one.csv" \
    "${SIPP_COMMON[@]}" -m 1 -r 1 -timeout 30s -timeout_error -nostdin -trace_err -error_file "$WORK/check/errors.log" \
    -trace_msg -message_file "$WORK/check/messages.log" >"$WORK/check/screen.txt" 2>&1) && CHECK_RC=0 || CHECK_RC=$?
LIR=$(curl -s -H "Authorization: Bearer $ICSCF_TOKEN" "$HSS_URL/cx/v1/impus/$(urlencode "$FIRST_IMPU")/location" || true)
LIR_SERVER=$(grep -o '"serverName" *: *"[^"]*"' <<<"$LIR" | head -n1 | sed 's/.*: *"//; s/"$//' || true)
LIR_SERVER=${LIR_SERVER:-NA}
BOUND=$(psql_val "$SCSCF_DB" "SELECT count(*) FROM registration_binding WHERE impu = '$FIRST_IMPU'")
CHECK="sipp_rc=$CHECK_RC hss_lir_server=$LIR_SERVER scscf_bindings=$BOUND"
cp "$WORK/check/messages.log" "$BASE.check.sipp-messages.log" 2>/dev/null || true
if [[ $CHECK_RC != 0 || $LIR_SERVER != "$SCSCF_NAME" || $BOUND != 1 ]]; then
    [[ -s $WORK/check/errors.log ]] && cp "$WORK/check/errors.log" "$BASE.check.sipp-errors.log"
    problem "functional check failed: $CHECK (expected sipp_rc=0 hss_lir_server=$SCSCF_NAME scscf_bindings=1); see $BASE.check.sipp-*.log"
    die "functional check failed: the load would measure errors"
fi
BINDINGS+="HSS_SCSCFS_0_NAME = SCSCF_SERVERNAME = $SCSCF_NAME (I-CSCF routed to it, HSS stored it) ok; "
log "functional check ok: $CHECK"

if [[ $HOLD == 1 ]]; then
    cat >"$WORK/env" <<ENV
export PROXY_URL=$PROXY_URL HSS_URL=$HSS_URL SCSCF_URL=$SCSCF_URL ICSCF_URL=$ICSCF_URL ICSCF_SIP_PORT=$ICSCF_SIP_PORT
export PROXY_PID=${PID[proxy]} HSS_PID=${PID[hss]} SCSCF_PID=${PID[scscf]} ICSCF_PID=${PID[icscf]} POSTMASTER_PID=$POSTMASTER_PID
export ICSCF_TOKEN=$ICSCF_TOKEN SCSCF_TOKEN=$SCSCF_TOKEN ADMIN_TOKEN=$ADMIN_TOKEN PROXY_SYNC_TOKEN=$PROXY_SYNC_TOKEN USERS_CSV=$WORK/users.csv
export SCENARIO=$SCENARIO SIPP_COMMON="${SIPP_COMMON[*]}"
ENV
    log "BENCH_HOLD=1: all four services run, users provisioned; settings in $WORK/env. Stop with Ctrl-C or kill $$"
    while kill -0 "${PID[icscf]}" 2>/dev/null && kill -0 "${PID[scscf]}" 2>/dev/null; do sleep 1; done
    die "a service exited while holding"
fi

# ---- (g) idle RSS --------------------------------------------------------------------------------------------
log "idle ${IDLE}s, then RSS"
sleep "$IDLE"
for s in $SERVICES; do RSS_IDLE[$s]=$(rss_mib "${PID[$s]}"); done
log "idle RSS MiB: $(for s in $SERVICES; do printf '%s=%s ' "$s" "${RSS_IDLE[$s]}"; done)"

# ---- (h) load: per level a warm-up run, then the measured run ------------------------------------------------
declare -A WLINE=() MLINE=()
for level in $LEVELS; do
    if (( WARMUP > 0 )); then
        log "level $level: warm-up ${WARMUP}s"
        run_sipp "warmup-$level" "$level" "$WARMUP" "$WARMUP_MAX"
        WLINE[$level]=$(phase_line "warmup-$level")
        log "  warm-up: $(kv "${WLINE[$level]}" rate_per_s)/s, $(kv "${WLINE[$level]}" successful) ok, $(kv "${WLINE[$level]}" failed) failed, p50 $(kv "${WLINE[$level]}" p50_ms) ms p99 $(kv "${WLINE[$level]}" p99_ms) ms"
        keep_phase_files "warmup-$level"
    fi
    if (( VACUUM )); then
        # statistics as in steady state: impu_registration / registration_binding filled up during the warm-up, and
        # plans made while they were empty scan them sequentially until autovacuum's next ANALYZE
        for db in "$PROXY_DB" "$HSS_DB" "$SCSCF_DB"; do psql_admin -d "$db" -c "ANALYZE" >/dev/null || true; done
    fi
    log "level $level: measured ${DURATION}s"
    run_sipp "measure-$level" "$level" "$DURATION"
    MLINE[$level]=$(phase_line "measure-$level")
    log "  measured: $(kv "${MLINE[$level]}" rate_per_s)/s, $(kv "${MLINE[$level]}" successful) ok, $(kv "${MLINE[$level]}" failed) failed, p50 $(kv "${MLINE[$level]}" p50_ms) ms p99 $(kv "${MLINE[$level]}" p99_ms) ms"
    keep_phase_files "measure-$level"
    [[ $(kv "${MLINE[$level]}" failed) == 0 && $(kv "${MLINE[$level]}" successful) != 0 ]] || FAILED=1
    [[ -z ${WLINE[$level]:-} || $(kv "${WLINE[$level]}" failed) == 0 ]] || FAILED=1
done
for s in $SERVICES; do
    kill -0 "${PID[$s]}" 2>/dev/null || { FAILED=1; problem "$s died during the load"; }
    RSS_LOADED[$s]=$(rss_mib "${PID[$s]}")
done
log "idle ${IDLE}s, then RSS again"
sleep "$IDLE"
for s in $SERVICES; do RSS_AFTER[$s]=$(rss_mib "${PID[$s]}"); done

# ---- (i) state after the load, and the RTR path (HSS -> S-CSCF notify URL and token) -------------------------
STATE="scscf_bindings=$(psql_val "$SCSCF_DB" "SELECT count(*) FROM registration_binding") scscf_distinct_impus=$(psql_val "$SCSCF_DB" "SELECT count(DISTINCT impu) FROM registration_binding") lockouts=$(psql_val "$SCSCF_DB" "SELECT count(*) FROM auth_lockout") hss_registered=$(psql_val "$HSS_DB" "SELECT count(*) FROM impu_registration WHERE state = 'REGISTERED'")"
curl -s "${MGMT_URL[hss]}/actuator/prometheus" >"$WORK/hss-metrics.txt" || true
RTR=skipped
if (( CHECK_RTR )); then
    code=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE -H "Authorization: Bearer $ADMIN_TOKEN" \
        "$HSS_URL/admin/v1/subscriptions/sipp-sub-000000" || true)
    RTR="delete_status=$code"
    left=NA
    for _ in $(seq 1 20); do
        left=$(psql_val "$SCSCF_DB" "SELECT count(*) FROM registration_binding WHERE impu = '$FIRST_IMPU'")
        [[ $left == 0 ]] && break
        sleep 0.5
    done
    RTR+=" scscf_bindings_left=$left"
    if [[ $code == 204 && $left == 0 ]]; then
        BINDINGS+="HSS_SCSCFS_0_NOTIFYURL + HSS_DEREGISTRATIONNOTICES_TOKEN + S-CSCF APIAUTH_CLIENTS_0 (RTR delivered) ok; "
    else
        problem "RTR check: $RTR (expected delete_status=204 scscf_bindings_left=0)"
        BINDINGS+="RTR path NOT CONFIRMED ($RTR); "
    fi
fi

# ---- (j) summary ---------------------------------------------------------------------------------------------
gc_window() {  # service phase-dir
    gc_pauses "${GC[$1]}" $(( $(cat "$2/$1-gc0") + 1 )) "$(cat "$2/$1-gc1")"
}
phase_block() {  # level name line
    local level=$1 name=$2 line=$3 dir=$WORK/$2
    echo "  $name: $(kv "$line" rate_per_s) registrations/s  ($(kv "$line" successful) successful, $(kv "$line" failed) failed in $(kv "$line" elapsed_s) s; per-second min $(kv "$line" min_per_s) max $(kv "$line" max_per_s); sipp rc $(kv "$line" rc))"
    echo "      REGISTER->200 ms: p50 $(kv "$line" p50_ms)  p90 $(kv "$line" p90_ms)  p99 $(kv "$line" p99_ms)  p99.9 $(kv "$line" p999_ms)  max $(kv "$line" max_ms)  mean $(kv "$line" mean_ms)  (n=$(kv "$line" rtt_n))"
    [[ -f $dir/warmup.txt ]] && echo "      $(cat "$dir/warmup.txt")"
    [[ $(kv "$line" failed) != 0 ]] && echo "      failures: $(kv "$line" failures)"
    [[ $(kv "$line" unexpected) != none ]] && echo "      unexpected messages: $(kv "$line" unexpected)"
    echo "      sipp: retransmissions $(kv "$line" retrans) out-of-call $(kv "$line" out_of_call) dead-call $(kv "$line" dead_call) watchdog major/minor $(kv "$line" watchdog)"
    if [[ -f $dir/cpu0.snap && -f $dir/cpu1.snap ]]; then
        local cpu foreign
        cpu=$(cpu_diff "$dir/cpu0.snap" "$dir/cpu1.snap")
        foreign=$(kv "$cpu" foreign_cores)
        echo "      cpu (cores): $cpu" | fold -s -w 170 | sed '2,$s/^/                   /'
        echo "                   (hss/proxy/scscf/icscf/sipp = the processes incl. JIT and GC threads; postgres = the whole cluster;"
        echo "                    foreign = everything else on the machine)"
        local pg
        pg=$(bench_tool pg-split "$dir/cpu0.snap" "$dir/cpu1.snap" "$DB_PREFIX")
        echo "      postgres split: $pg (the cluster is shared; 'ours' = backends of the three ${DB_PREFIX}* databases)"
        echo "      cpu ms per registration: $(cpums_line "$cpu $pg" "$(kv "$line" rate_per_s)" proxy hss scscf icscf sipp postgres_ours)"
        foreign=$(awk -v a="${foreign:-0}" -v b="$(kv "$pg" postgres_other_cores)" 'BEGIN { printf "%.2f", a + b }')
        [[ $(ge "${foreign:-0}" 0.2) == 1 ]] && echo "      WARNING: other processes used $foreign cores during this phase ($(kv "$cpu" top_foreign), other databases $(kv "$pg" other_dbs)): the numbers are not clean"
        echo "      gc in window: $(for s in $SERVICES; do printf '%s %s; ' "$s" "$(gc_window "$s" "$dir")"; done)"
        bench_tool pg-db-diff "$dir/pg0.txt" "$dir/pg1.txt" "$(kv "$line" rate_per_s)" "$(kv "$cpu" wall_s)" \
            | sed 's/^/      per registration: /'
    fi
}

M=${MLINE[$TARGET_LEVEL]:-}
TRATE=$(kv "$M" rate_per_s); TP99=$(kv "$M" p99_ms)
FAILED_CALLS=0
for level in $LEVELS; do
    FAILED_CALLS=$((FAILED_CALLS + $(kv "${MLINE[$level]}" failed) + $(kv "${WLINE[$level]:-failed=0}" failed)))
done
[[ -s $PROBLEMS ]] || rm -f "$PROBLEMS"
{
    echo "SIP registration benchmark (sipp -> I-CSCF -> S-CSCF; HSS + web-auth proxy; PostgreSQL)  $TS"
    echo "commit:       $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo NA)$(git -C "$ROOT" diff --quiet HEAD -- . ':!bench' 2>/dev/null || echo ' (dirty working tree)')"
    echo "machine:      $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); sipp, 4 JVMs and PostgreSQL share it"
    echo "java:         $(java -version 2>&1 | head -n1); opts proxy: ${PROXY_JAVA_OPTS:-<none>} hss: ${HSS_JAVA_OPTS:-<none>} scscf: ${SCSCF_JAVA_OPTS:-<none>} icscf: ${ICSCF_JAVA_OPTS:-<none>} (+ GC log)"
    echo "sipp:         $(sipp -v 2>&1 | grep -m1 -o 'SIPp v[^ ]*'); scenario ${SCENARIO#"$ROOT"/}; ${SIPP_COMMON[*]} -users <level> -recv_timeout $RECV_TIMEOUT"
    for s in $SERVICES; do printf '%-13s %s (sha256 %s, built %s)\n' "jar $s:" "${JAR[$s]#"$ROOT"/}" "${JAR_SHA[$s]}" "$(date -u -r "${JAR[$s]}" +%FT%TZ)"; done
    echo "database:     local cluster $PG_VERSION/$PG_CLUSTER port $PG_PORT ($PG_SETTINGS); $PROXY_DB, $HSS_DB, $SCSCF_DB; vacuum after provisioning: $VACUUMED$( ((VACUUM)) && echo ", ANALYZE before each measured run")"
    echo "extra env:    proxy: ${PROXY_ENV:-<none>} hss: ${HSS_ENV:-<none>} scscf: ${SCSCF_ENV:-<none>} icscf: ${ICSCF_ENV:-<none>}"
    echo "knobs:        users=$USERS identities=$IDENTITY levels=[$LEVELS] warm-up=${WARMUP}..${WARMUP_MAX}s/level (JIT idle < $JIT_IDLE cores) measured=${DURATION}s/level idle=${IDLE}s"
    echo "before run:   machine $(kv "$IDLE_LINE" machine_busy_pct)% busy in the 3 s before the run ($(kv "$IDLE_LINE" top_foreign)); load average $LOAD_BEFORE"
    echo "startup:      ready after proxy ${READY_S[proxy]}s, HSS ${READY_S[hss]}s, S-CSCF ${READY_S[scscf]}s, I-CSCF ${READY_S[icscf]}s (started together)"
    echo "settings:     ${BINDINGS%; }" | fold -s -w 170 | sed '2,$s/^/              /'
    echo
    echo "Provisioning of $USERS users: $PROV_S s in total"
    grep '^RESULT' <<<"$PROVISION" | sed 's/^RESULT /  /'
    echo "  functional check: $CHECK"
    echo
    echo "Registrations (REGISTER -> 401 -> REGISTER with digest -> 200; rate = successful calls / sipp's elapsed time;"
    echo "latency = sipp's RTD from the first REGISTER sent to the 200 received, both round trips)"
    for level in $LEVELS; do
        echo "level $level concurrent users:"
        [[ -n ${WLINE[$level]:-} ]] && phase_block "$level" "warmup-$level" "${WLINE[$level]}"
        phase_block "$level" "measure-$level" "${MLINE[$level]}"
    done
    echo
    echo "RSS (VmRSS, MiB)            $(for s in $SERVICES; do printf '%8s' "$s"; done)"
    echo "  idle after provisioning   $(for s in $SERVICES; do printf '%8s' "${RSS_IDLE[$s]}"; done)   (+${IDLE}s idle)"
    echo "  right after the load      $(for s in $SERVICES; do printf '%8s' "${RSS_LOADED[$s]}"; done)"
    echo "  after the load + idle     $(for s in $SERVICES; do printf '%8s' "${RSS_AFTER[$s]}"; done)   (+${IDLE}s idle)"
    echo "state after load: $STATE; RTR check: $RTR"
    echo "HSS metrics: $(bench_tool metrics "$WORK/hss-metrics.txt")" | fold -s -w 170 | sed '2,$s/^/             /'
    echo "service logs (WARN/ERROR over the whole run):"
    for s in $SERVICES; do echo "  $(printf '%-6s' "$s")  $(log_issues "${LOG[$s]}")"; done
    echo
    echo "Targets (level $TARGET_LEVEL)"
    target "throughput" "$(ge "${TRATE:-0}" "$TARGET_RATE")" "${TRATE:-NA} registrations/s (>= $TARGET_RATE)"
    target "p99" "$(le "${TP99:-inf}" "$TARGET_P99_MS")" "${TP99:-NA} ms (<= $TARGET_P99_MS)"
    target "failures" "$([[ $FAILED_CALLS == 0 ]] && echo 1 || echo 0)" "$FAILED_CALLS failed calls in all phases (= 0)"
    for s in $SERVICES; do
        target "idle RSS $s" "$(le "${RSS_IDLE[$s]:-inf}" "$TARGET_RSS_MIB")" "${RSS_IDLE[$s]} MiB (<= $TARGET_RSS_MIB; after the load + idle: ${RSS_AFTER[$s]} MiB)"
    done
    echo
    echo "files: $BASE.{proxy,hss,scscf,icscf}.log, ….<service>-gc.log, ….<phase>.sipp-{stat,rtt}.csv, ….<phase>.sipp-errors.log (if any)"
    (( FAILED )) && echo "RUN HAD FAILURES (see above${PROBLEMS:+ and $PROBLEMS})"
    true
} | tee "$OUT"
log "results written to $OUT"
exit "$FAILED"
