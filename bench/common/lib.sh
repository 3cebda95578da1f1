# Shell helpers of the bench scripts (bash 4+). Sourced, not run:  source "$ROOT/bench/common/lib.sh"
# Globals some helpers read: PG_PORT (psql_admin), ROOT (find_jar, bench_tool).
# Orchestration is bash (this file); load generation, statistics and reports are Java single-file programs, the
# shared one being bench/common/Bench.java (bench_tool below). See bench/README.md.

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
rand_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
rand_b64() { head -c "$1" /dev/urandom | base64 -w0; }
kv() { { grep -o "\b$2=[^ ]*" <<<"$1" || true; } | head -n1 | cut -d= -f2-; }  # kv "k=v k2=v2" k2 -> v2
rss_mib() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo NA; }
now() { echo "$EPOCHREALTIME"; }                                                   # epoch seconds, µs resolution
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }  # seconds since a now() value
urlencode() {  # everything but unreserved characters percent-encoded (':' '@' ';' '+' too)
    local s=$1 out="" c i
    for (( i = 0; i < ${#s}; i++ )); do
        c=${s:i:1}
        case $c in [a-zA-Z0-9.~_-]) out+=$c ;; *) printf -v c '%%%02X' "'$c"; out+=$c ;; esac
    done
    echo "$out"
}

# comparisons of decimal numbers (NA, inf, ... compare false) -> 1 / 0
is_num() { [[ $1 =~ ^-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$ ]]; }
ge() { is_num "$1" && is_num "$2" && awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }' && echo 1 || echo 0; }
le() { is_num "$1" && is_num "$2" && awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }' && echo 1 || echo 0; }

# ---- the Java programs: compiled once per content into /tmp (javac), then run with `java -cp` (no compile per call) ---
java_classes() {  # SRC.java -> a directory with its classes
    local src=$1 dir tmp
    dir=/tmp/bench-classes-$(sha256sum "$src" | cut -c1-16)
    if [[ ! -f $dir/.done ]]; then
        tmp=$(mktemp -d /tmp/bench-classes.XXXXXX)
        javac -nowarn -d "$tmp" "$src" >&2 || die "javac $src failed"
        touch "$tmp/.done"
        mv -T "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"   # another script compiled it meanwhile
    fi
    echo "$dir"
}
bench_classes() { java_classes "$ROOT/bench/common/Bench.java"; }
# bench_tool CMD ARGS...: the shared helpers (users, provisioning, CPU, reports); one short-lived JVM (C1 only, serial
# GC); see the header of bench/common/Bench.java
bench_tool() { java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp "$(bench_classes)" Bench "$@"; }
# register_load ARGS...: the WebSocket registration load (bench/ws-register/RegisterLoad.java); BENCH_LOAD_JAVA_OPTS
register_load() {
    # shellcheck disable=SC2086
    java ${BENCH_LOAD_JAVA_OPTS:--XX:+UseSerialGC -Xmx512m} -cp "$(java_classes "$ROOT/bench/ws-register/RegisterLoad.java")" RegisterLoad "$@"
}

# ---- users and provisioning: one function for every bench --------------------------------------------------------------
# provision_users NAMING HSS_URL PROXY_URL USERS [--threads T] [--password P | --salt S] [--shared-identity]
#   NAMING sipp | anchor | hss (bench/common/Bench.java users()); tokens BENCH_HSS_ADMIN_TOKEN, BENCH_PROXY_SYNC_TOKEN
#   from the environment. Prints RESULT step=wwsf(s)|subscriptions|mappings|credentials|all lines; exit 1 on a failure.
provision_users() { bench_tool provision --naming "$1" --hss "$2" --proxy "$3" --users "$4" "${@:5}"; }
# users_file NAMING USERS OUT [--first I] [--password P] [--shared-identity]: the users as a sipp injection file
# (user-part;web identity;WWSF;password), read by sipp and by RegisterLoad.java
users_file() { bench_tool users-csv --naming "$1" --users "$2" --out "$3" "${@:4}"; }
target() {  # name 1|0|skip text
    case $2 in 1) echo "  PASS  $1: $3" ;; skip) echo "  n/a   $1: $3" ;; *) echo "  FAIL  $1: $3" ;; esac
}

# ---- PostgreSQL: a local Debian cluster ----------------------------------------------------------------------------
as_postgres() {  # run a command as the postgres OS user (stdin passes through)
    if [[ $(id -un) == postgres ]]; then "$@"; else su postgres -s /bin/sh -c "cd / && $(printf '%q ' "$@")"; fi
}
psql_admin() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" "$@"; }

# Sets PG_PORT, PG_DATA and POSTMASTER_PID of cluster $1/$2, starting it if it is down (then PG_STARTED=1, so that the
# caller's cleanup stops it again).
pg_cluster_up() {  # version cluster
    local status
    read -r PG_PORT status PG_DATA < <(pg_lsclusters -h | awk -v v="$1" -v c="$2" '$1 == v && $2 == c { print $3, $4, $6 }') \
        || true
    [[ -n ${PG_PORT:-} ]] || die "PostgreSQL cluster $1/$2 not found"
    if [[ $status != online* ]]; then
        log "starting PostgreSQL cluster $1/$2"
        pg_ctlcluster "$1" "$2" start
        PG_STARTED=1
    fi
    POSTMASTER_PID=$(head -n1 "$PG_DATA/postmaster.pid" 2>/dev/null || echo 0)
}

pg_cluster_down() {  # stops the cluster if pg_cluster_up started it
    if (( ${PG_STARTED:-0} )); then
        log "stopping PostgreSQL cluster $1/$2 (this script started it)"
        pg_ctlcluster "$1" "$2" stop
    fi
}

pg_create_database() {  # name password: a fresh database owned by a login role of the same name
    psql_admin -d postgres >/dev/null <<SQL
SET client_min_messages = warning;
DROP DATABASE IF EXISTS $1 WITH (FORCE);
DO \$\$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$1') THEN CREATE ROLE $1; END IF;
END \$\$;
ALTER ROLE $1 LOGIN PASSWORD '$2';
CREATE DATABASE $1 OWNER $1;
SQL
}

pg_drop_databases() {  # name...: the databases and their roles of the same names
    local name args=()
    for name in "$@"; do args+=(-c "DROP DATABASE IF EXISTS $name WITH (FORCE)"); done
    for name in "$@"; do args+=(-c "DROP ROLE IF EXISTS $name"); done
    psql_admin -d postgres "${args[@]}" >/dev/null
}

pg_settings_line() {  # the settings that matter for the numbers, as name=value...
    psql_admin -d postgres -At -c "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ' ' ORDER BY name) FROM pg_settings WHERE name IN ('shared_buffers', 'fsync', 'synchronous_commit', 'max_connections')"
}

# ---- CPU -------------------------------------------------------------------------------------------------------------
# CPU of process trees over a window, from /proc: cpu_snap FILE NAME=PID[,PID...] ...; cpu_diff FILE0 FILE1 [RATE]
# A group is its root PIDs plus all their descendants (Kamailio's workers, PostgreSQL's backends: postgres=POSTMASTER);
# a JVM root also gets <name>_jit / <name>_gc (its compiler and GC threads). foreign = everything else on the machine.
# With RATE (registrations/s): cpums_<name> and cpums_total, CPU ms per registration. See Bench.java (Cpu).
# The snapshot is awk over /proc (a few ms, so it can run inside a measured window on a saturated machine); the diff
# is Bench.java. Snapshot file: "machine TOTAL IDLE IRQ", "group NAME PID,...", "jvm NAME JIT_TICKS GC_TICKS",
# "proc PID PPID TICKS STARTTIME COMM" (ticks = utime + stime, USER_HZ).
CPU_STAT_AWK='{ l = index($0, "("); r = length($0); while (r > l && substr($0, r, 1) != ")") r--
    comm = substr($0, l + 1, r - l - 1); gsub(/ /, "_", comm); split(substr($0, r + 2), f, " ")
    pid = $1; ppid = f[2]; t = f[12] + f[13]; start = f[20] }'
cpu_snap() {  # FILE [NAME=PID[,PID...] ...]  (postmaster=PID is an alias of postgres=PID; empty or 0 PIDs ignored)
    # (cat fails on a process or thread that ended after the glob: || true, else pipefail + errexit end the caller)
    local out=$1 spec name p roots pids
    shift
    {
        awk '/^cpu / { print "machine", $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $5 + $6, $7 + $8 + $9; exit }' /proc/stat
        for spec in "$@"; do
            name=${spec%%=*}
            [[ $name == postmaster ]] && name=postgres
            roots=""
            IFS=, read -ra pids <<<"${spec#*=}"
            for p in "${pids[@]}"; do [[ $p =~ ^[0-9]+$ ]] && (( p > 0 )) && roots+="${roots:+,}$p"; done
            [[ -n $roots ]] || continue
            echo "group $name $roots"
            if [[ $roots != *,* && $(cat "/proc/$roots/comm" 2>/dev/null) == java ]]; then  # JIT and GC threads
                { cat /proc/"$roots"/task/*/stat 2>/dev/null || true; } | awk -v n="$name" "$CPU_STAT_AWK"'
                    { if (comm ~ /Compiler/) jit += t; else if (comm ~ /^(GC_Thread|G1_|VM_Thread)/) gc += t }
                    END { print "jvm", n, jit + 0, gc + 0 }'
            fi
        done
        { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk "$CPU_STAT_AWK"'{ print "proc", pid, ppid, t, start, comm }'
    } >"$out"
}
cpu_snap_script() {  # FILE NAME=PID...: an executable FILE that takes "OUT [NAME=PID...]" and runs cpu_snap with both
    printf '#!/usr/bin/env bash\nROOT=%q\nsource "$ROOT/bench/common/lib.sh"\ncpu_snap "$1" %s "${@:2}"\n' \
        "$ROOT" "$(printf '%q ' "${@:2}")" >"$1"
    chmod +x "$1"
}
cpu_diff() { bench_tool cpu-diff "$@"; }
jit_cores() {  # cpu_diff line -> sum of the <name>_jit values
    grep -o '_jit=[0-9.]*' <<<"$1" | cut -d= -f2 | awk '{ s += $1 } END { printf "%.2f", s }'
}
cpums_line() {  # cpu_diff line, rate, names... -> "name 1.23  name 0.45 ... (all 1.7)": CPU ms per registration
    local line=$1 rate=$2; shift 2
    local n v out="" sum=0
    is_num "$rate" && [[ $rate != 0 && $rate != 0.0 ]] || { echo NA; return; }
    for n in "$@"; do
        v=$(kv "$line" "${n}_cores")
        is_num "$v" || continue
        out+=$(awk -v c="$v" -v r="$rate" -v n="$n" 'BEGIN { printf "%s %.2f  ", n, 1000 * c / r }')
        sum=$(awk -v s="$sum" -v c="$v" -v r="$rate" 'BEGIN { print s + 1000 * c / r }')
    done
    [[ -n $out ]] && printf '%s(all %.1f)\n' "$out" "$sum" || echo NA
}
idle_cpu_line() {  # work-dir -> cpu_diff over 3 s: what the machine does before the run
    cpu_snap "$1/idle0.snap"; sleep 3
    cpu_snap "$1/idle1.snap"
    cpu_diff "$1/idle0.snap" "$1/idle1.snap"
}
gc_pauses() {  # gc-log [from-line [to-line]] -> pauses=.. pause_total_ms=.. pause_max_ms=..
    bench_tool gc "$@"
}

# ---- JVMs ------------------------------------------------------------------------------------------------------------
stop_java() {  # pid label [seconds]: SIGTERM, then SIGKILL after the grace time (default 30 s)
    local pid=$1
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    log "stopping $2 (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 $(( ${3:-30} * 2 ))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null || true
}

boot_jar() {  # is $1 a complete Spring Boot executable jar?
    unzip -p "$1" META-INF/MANIFEST.MF 2>/dev/null | grep -q org.springframework.boot.loader
}

find_jar() {  # module -> its executable jar: <module>-<version>-exec.jar (classifier exec), else the plain jar
    local f
    for f in "$ROOT/$1"/target/"$1"-*-exec.jar "$ROOT/$1"/target/"$1"-*.jar; do
        [[ -f $f && $f != *-sources.jar && $f != *-javadoc.jar ]] && boot_jar "$f" && { echo "$f"; return 0; }
    done
    return 1
}

copy_jar() {  # src dst: a concurrent rebuild must not swap the jar under the running JVM; retry half-written jars
    for attempt in $(seq 1 24); do
        cp "$1" "$2" 2>/dev/null && boot_jar "$2" && return 0
        (( attempt == 24 )) && die "$1 is not an executable Spring Boot jar (a build in progress?)"
        log "$1 is not a complete executable jar (build in progress?); retrying in 5 s"
        sleep 5
    done
}

boot_libs() {  # executable-jar dir: its BOOT-INF/lib unpacked into dir; prints the classpath "dir/BOOT-INF/lib/*"
    (cd "$2" && unzip -qo "$1" 'BOOT-INF/lib/*') || die "cannot unpack the libraries of $1"
    echo "$2/BOOT-INF/lib/*"
}

log_issues() {  # service-log [top-n] [indent] -> count and the most frequent WARN/ERROR messages (numbers and [...] folded)
    local n
    n=$(grep -cE '\b(ERROR|WARN)\b' "$1" || true)
    echo "$n WARN/ERROR lines"
    grep -E '\b(ERROR|WARN)\b' "$1" | sed -E 's/^[^ ]+ +//; s/\[[^]]*\]//g; s/[0-9]+/N/g' | cut -c1-220 | sort | uniq -c \
        | sort -rn | head -n "${2:-5}" | sed "s/^/${3:-                    }/" || true
}

# ---- production shape: the JVM options docker/Dockerfile ships --------------------------------------------------------
compose_mem_limit_mib() {  # the mem_limit of docker-compose.yml's x-service anchor (every service container), in MiB
    awk '/^x-service:/ { f = 1 } f && /mem_limit:/ { v = $2; n = v + 0;
         if (v ~ /[gG]$/) n *= 1024; print n; exit }' "$ROOT/docker-compose.yml"
}
dockerfile_env() {  # NAME -> the value docker/Dockerfile sets with ENV NAME=... (quotes removed)
    sed -n "s/^ENV $1=\"\{0,1\}\([^\"]*\)\"\{0,1\}\$/\1/p" "$ROOT/docker/Dockerfile" | head -n1
}
dockerfile_java_opts() {  # container-MiB -> the Dockerfile's JAVA_TOOL_OPTIONS with Max/InitialRAMPercentage as -Xmx/-Xms
    local o out=()
    for o in $(dockerfile_env JAVA_TOOL_OPTIONS); do
        case $o in
            -XX:MaxRAMPercentage=*) out+=("-Xmx$(awk -v m="$1" -v p="${o#*=}" 'BEGIN { printf "%d", m * p / 100 }')m") ;;
            -XX:InitialRAMPercentage=*) out+=("-Xms$(awk -v m="$1" -v p="${o#*=}" 'BEGIN { printf "%d", m * p / 100 }')m") ;;
            *) out+=("$o") ;;
        esac
    done
    echo "${out[*]}"
}

# ---- processes -----------------------------------------------------------------------------------------------------
rss_sum_mib() {  # pid... -> sum of VmRSS in MiB (missing processes count 0)
    local p t=0
    for p in "$@"; do t=$(( t + $(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0) )); done
    echo $(( t / 1024 ))
}

# ---- JFR -------------------------------------------------------------------------------------------------------------
jfr_start() {  # pid file seconds: a JFR recording (settings=profile: Java samples every 10 ms) written to file at its end
    jcmd "$1" JFR.start name=bench settings=profile duration="$3s" filename="$2" >/dev/null 2>&1 \
        || log "JFR.start failed for pid $1"
}
jfr_summary() {  # file [top] -> where the samples go (Bench.java jfr-summary)
    bench_tool jfr-summary "$@"
}

# ---- services: start a JVM, wait until it is ready ------------------------------------------------------------------------
# java_start JAR LOG GC_LOG "JAVA_OPTS" [VAR=value ...] -> STARTED_PID (GC_LOG "" = no GC log; *_ENV lists unquoted)
java_start() {
    local jar=$1 out=$2 gc=$3 opts=$4
    shift 4
    # shellcheck disable=SC2086  # opts is a list
    ( ulimit -n "$(ulimit -Hn)"; exec env "$@" java $opts ${gc:+"-Xlog:gc:file=$gc:uptime"} -jar "$jar" ) >"$out" 2>&1 &
    STARTED_PID=$!
}
# wait_ready PID MGMT_URL LOG LABEL TIMEOUT_S [T0] -> prints the seconds since T0 (a now() value; default: the call)
# once MGMT_URL/actuator/health/readiness answers 200; fails with the log's cause when the JVM exits or times out.
# Called as X=$(wait_ready ...) || exit 1 (its die ends only the command substitution).
wait_ready() {
    local pid=$1 url=$2 out=$3 label=$4 timeout=$5 t0=${6:-$EPOCHREALTIME}
    until [[ $(curl -s -o /dev/null -w '%{http_code}' "$url/actuator/health/readiness" || true) == 200 ]]; do
        if ! kill -0 "$pid" 2>/dev/null; then
            grep -E '^Caused by|APPLICATION FAILED|^Description|^Action' "$out" | tail -n 8 >&2 || tail -n 20 "$out" >&2
            die "$label exited during start; see $out"
        fi
        if (( ${EPOCHREALTIME%.*} - ${t0%.*} > timeout )); then
            tail -n 40 "$out" >&2
            die "$label was not ready within ${timeout}s; see $out"
        fi
        sleep 0.5
    done
    since "$t0"
}

# ---- the eP-CSCF next to bench/sip/run.sh's four services (chain.sh, anchor-compare) or alone (fuzz) ----------------------
# epcscf_start JAR LOG PORT MGMT_PORT SIP_PORT ICSCF_SIP_PORT HSS_URL HSS_TOKEN "JAVA_OPTS" "EXTRA ENV" [GC_LOG]
#   -> EP_PID, EP_READY_S (seconds to readiness)
epcscf_start() {
    # shellcheck disable=SC2086  # EXTRA ENV is a list
    java_start "$1" "$2" "${11:-}" "$9" SERVER_PORT="$3" MANAGEMENT_SERVER_PORT="$4" EPCSCF_WEBSOCKET_ALLOWPLAIN=true \
        EPCSCF_ICSCFURI="sip:127.0.0.1:$6;transport=tcp" EPCSCF_HSS_BASEURL="$7" EPCSCF_HSS_TOKEN="$8" \
        EPCSCF_SIP_HOST=127.0.0.1 EPCSCF_SIP_PORT="$5" ${10}
    EP_PID=$STARTED_PID
    EP_READY_S=$(wait_ready "$EP_PID" "http://127.0.0.1:$4" "$2" "the eP-CSCF" 300) || exit 1
}

# ---- the Kamailio anchor (/work/shared/anchors/kamailio-chain; ANCHOR = its directory, ANCHOR_RUN_DIR = pids, logs) ----
anchor_start() { UL_DB=1 ANCHOR_RUN_DIR="$ANCHOR_RUN_DIR" bash "$ANCHOR/run.sh" start >&2; }
anchor_stop() { ANCHOR_RUN_DIR="$ANCHOR_RUN_DIR" bash "$ANCHOR/run.sh" stop >&2 || true; }
anchor_main_pid() { cat "$ANCHOR_RUN_DIR/$1.pid" 2>/dev/null || echo 0; }  # p|i|s
