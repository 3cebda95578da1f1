# Shell helpers of the bench scripts (bash 4+). Sourced, not run:  source "$ROOT/bench/common/lib.sh"
# Globals some helpers read: PG_PORT (psql_admin), ROOT (find_jar).

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
rand_hex() { python3 -c "import secrets; print(secrets.token_hex($1))"; }
rand_b64() { python3 -c "import base64, secrets; print(base64.b64encode(secrets.token_bytes($1)).decode())"; }
kv() { { grep -o "\b$2=[^ ]*" <<<"$1" || true; } | head -n1 | cut -d= -f2-; }  # kv "k=v k2=v2" k2 -> v2
rss_mib() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo NA; }

# comparisons of decimal numbers (NA, inf, ... compare false) -> 1 / 0
ge() { python3 -c "import sys; sys.exit(0 if float('$1') >= float('$2') else 1)" 2>/dev/null && echo 1 || echo 0; }
le() { python3 -c "import sys; sys.exit(0 if float('$1') <= float('$2') else 1)" 2>/dev/null && echo 1 || echo 0; }
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
idle_cpu_line() {  # work-dir -> bench/hss/report.py cpu-diff over 3 s: what the machine does before the run
    python3 "$ROOT/bench/hss/report.py" cpu-snapshot "$1/idle0.json"; sleep 3
    python3 "$ROOT/bench/hss/report.py" cpu-snapshot "$1/idle1.json"
    python3 "$ROOT/bench/hss/report.py" cpu-diff "$1/idle0.json" "$1/idle1.json"
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
    python3 - "$1" <<'PY'
import sys, zipfile
try:
    with zipfile.ZipFile(sys.argv[1]) as z:
        sys.exit(0 if b"org.springframework.boot.loader" in z.read("META-INF/MANIFEST.MF") else 1)
except Exception:
    sys.exit(1)
PY
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
    python3 - "$1" "$(dockerfile_env JAVA_TOOL_OPTIONS)" <<'PY'
import re, sys
mib, opts = int(sys.argv[1]), sys.argv[2]
opts = re.sub(r"-XX:MaxRAMPercentage=([\d.]+)", lambda m: f"-Xmx{int(mib * float(m.group(1)) / 100)}m", opts)
opts = re.sub(r"-XX:InitialRAMPercentage=([\d.]+)", lambda m: f"-Xms{int(mib * float(m.group(1)) / 100)}m", opts)
print(opts)
PY
}

# ---- processes -----------------------------------------------------------------------------------------------------
rss_sum_mib() {  # pid... -> sum of VmRSS in MiB (missing processes count 0)
    local p t=0
    for p in "$@"; do t=$(( t + $(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0) )); done
    echo $(( t / 1024 ))
}
wait_http_200() {  # url pid seconds label: until the URL answers 200; dies when pid exits or after the time
    local t0=$SECONDS
    until [[ $(curl -s -o /dev/null -w '%{http_code}' "$1" || true) == 200 ]]; do
        kill -0 "$2" 2>/dev/null || die "$4 exited during start"
        (( SECONDS - t0 < $3 )) || die "$4 not ready within $3 s ($1)"
        sleep 0.5
    done
}
# CPU of process trees over a window: proc_cpu_snap FILE name=pid[,pid...] ...; proc_cpu_diff FILE0 FILE1 [rate]
# (bench/anchor-compare/report.py: a group is its roots plus all their descendants, e.g. Kamailio's workers)
proc_cpu_snap() { python3 "$ROOT/bench/anchor-compare/report.py" cpu-snap "$@"; }
proc_cpu_diff() { python3 "$ROOT/bench/anchor-compare/report.py" cpu-diff "$@"; }

# ---- JFR -------------------------------------------------------------------------------------------------------------
jfr_start() {  # pid file seconds: a JFR recording (settings=profile: Java samples every 10 ms) written to file at its end
    jcmd "$1" JFR.start name=bench settings=profile duration="$3s" filename="$2" >/dev/null 2>&1 \
        || log "JFR.start failed for pid $1"
}
jfr_summary() {  # file [top] -> where the samples go (report.py jfr-summary)
    python3 "$ROOT/bench/anchor-compare/report.py" jfr-summary "$@"
}

# ---- the eP-CSCF next to bench/sip/run.sh's four services --------------------------------------------------------------
# epcscf_start JAR LOG PORT MGMT_PORT SIP_PORT ICSCF_SIP_PORT HSS_URL HSS_TOKEN "JAVA_OPTS" "EXTRA ENV" -> sets EP_PID
epcscf_start() {
    # shellcheck disable=SC2086
    ( ulimit -n "$(ulimit -Hn)"
      exec env SERVER_PORT="$3" MANAGEMENT_SERVER_PORT="$4" EPCSCF_WEBSOCKET_ALLOWPLAIN=true \
        EPCSCF_ICSCFURI="sip:127.0.0.1:$6;transport=tcp" EPCSCF_HSS_BASEURL="$7" EPCSCF_HSS_TOKEN="$8" \
        EPCSCF_SIP_HOST=127.0.0.1 EPCSCF_SIP_PORT="$5" ${10} \
        java $9 -jar "$1" ) >"$2" 2>&1 &
    EP_PID=$!
    wait_http_200 "http://127.0.0.1:$4/actuator/health/readiness" "$EP_PID" 300 "the eP-CSCF (log $2)"
}

# ---- the Kamailio anchor (/work/shared/anchors/kamailio-chain; ANCHOR = its directory, ANCHOR_RUN_DIR = pids, logs) ----
anchor_start() { UL_DB=1 ANCHOR_RUN_DIR="$ANCHOR_RUN_DIR" bash "$ANCHOR/run.sh" start >&2; }
anchor_stop() { ANCHOR_RUN_DIR="$ANCHOR_RUN_DIR" bash "$ANCHOR/run.sh" stop >&2 || true; }
anchor_main_pid() { cat "$ANCHOR_RUN_DIR/$1.pid" 2>/dev/null || echo 0; }  # p|i|s
