#!/usr/bin/env bash
# A Docker engine for the Compose system test on a machine that has none running (the project's CI machines: root,
# no systemd, no image registry). .ci/run starts it in the background while Maven builds; DockerComposeIT
# (deployment-tests) waits for the ready file.
#
#   scripts/docker-engine.sh start   # apt-get install docker.io docker-compose debootstrap when missing, start
#                                    # dockerd (its own socket, data in IMS_DOCKER_DIR), then
#                                    # scripts/stand-in-images.sh; writes IMS_DOCKER_DIR/ready (ok|failed)
#   scripts/docker-engine.sh stop    # stops the containers of the test project and that dockerd
#   scripts/docker-engine.sh env     # prints the variables the tests need (eval "$(scripts/docker-engine.sh env)")
#
# IMS_DOCKER_DIR defaults to /var/tmp/webrtc-ims-docker: images and the BuildKit cache stay between runs on the
# same machine (a clean machine starts empty). Uses /usr/bin/docker (Debian's 20.10 CLI) first: a newer CLI
# without buildx cannot do BuildKit builds against it.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${IMS_DOCKER_DIR:-/var/tmp/webrtc-ims-docker}
sock="$dir/docker.sock"
export PATH="/usr/bin:/usr/sbin:$PATH"
log() { echo "docker-engine: $(date -u +%H:%M:%S) $*" >&2; }

print_env() {
    cat <<ENV
export DOCKER_HOST=unix://$sock
export DOCKER_BUILDKIT=1 COMPOSE_DOCKER_CLI_BUILD=1
export TESTCONTAINERS_RYUK_DISABLED=true
# the engine runs on this host: without this, Testcontainers inside a container (/.dockerenv) starts a helper
# container from an image it would have to pull to find the host's address
export TESTCONTAINERS_HOST_OVERRIDE=localhost
export IMS_DOCKER_READY_FILE=$dir/ready
ENV
}

start() {
    mkdir -p "$dir"
    rm -f "$dir/ready"
    local t0=$SECONDS
    if ! command -v dockerd >/dev/null || ! command -v docker-compose >/dev/null || ! command -v debootstrap >/dev/null; then
        log "installing docker.io docker-compose debootstrap"
        export DEBIAN_FRONTEND=noninteractive
        local i
        for i in $(seq 1 60); do   # another apt-get may hold the lock for a while
            if apt-get install -y -qq docker.io docker-compose debootstrap >"$dir/apt.log" 2>&1; then
                break
            fi
            if ! grep -q 'lock' "$dir/apt.log"; then
                apt-get update -qq >>"$dir/apt.log" 2>&1 || true
                apt-get install -y -qq docker.io docker-compose debootstrap >>"$dir/apt.log" 2>&1 \
                    && break
                tail -n 20 "$dir/apt.log" >&2
                return 1
            fi
            sleep 5
        done
        log "installed in $((SECONDS - t0)) s"
    fi
    if [ -S "$sock" ] && DOCKER_HOST="unix://$sock" docker version >/dev/null 2>&1; then
        log "dockerd already running on $sock"
    else
        log "starting dockerd"
        mkdir -p "$dir/root" "$dir/exec"
        # setsid: the daemon outlives the shell that started it, and `stop` ends it by its pid file
        setsid dockerd --data-root "$dir/root" --exec-root "$dir/exec" -H "unix://$sock" --pidfile "$dir/dockerd.pid" \
            >"$dir/dockerd.log" 2>&1 < /dev/null &
        local i
        for i in $(seq 1 60); do
            DOCKER_HOST="unix://$sock" docker version >/dev/null 2>&1 && break
            sleep 1
        done
        DOCKER_HOST="unix://$sock" docker version >/dev/null 2>&1 \
            || { log "dockerd did not answer in 60 s"; tail -n 30 "$dir/dockerd.log" >&2; return 1; }
        log "dockerd up after $((SECONDS - t0)) s"
    fi
    DOCKER_HOST="unix://$sock" scripts/stand-in-images.sh
    log "base images ready after $((SECONDS - t0)) s"
    warm_maven_cache
    log "ready after $((SECONDS - t0)) s"
}

# docker/Dockerfile's build stage runs the Maven wrapper with a BuildKit cache mount on /root/.m2. Seeding that cache
# from this host's ~/.m2 (what CI's own build downloaded anyway) spares the first image build the downloads; the
# Dockerfile and the README commands stay as they are, and whatever is missing is still downloaded there.
warm_maven_cache() {
    local m2=${IMS_MAVEN_CACHE_SEED:-$HOME/.m2}
    [ -d "$m2/repository" ] || { log "no $m2/repository: the image build downloads its dependencies"; return 0; }
    local jdk t1=$SECONDS
    jdk=$(sed -n 's/^ARG JDK_IMAGE=//p' docker/Dockerfile)
    # the build context is a tar of ~/.m2/repository and ~/.m2/wrapper only: no settings or credentials from this host;
    # --no-cache: the copy runs every time (cp -n: quick), also after `stop` pruned the cache mount
    mkdir -p "$dir/seed"
    cat > "$dir/seed/Dockerfile" <<DOCKERFILE
FROM $jdk
RUN --mount=type=cache,target=/root/.m2,sharing=locked --mount=type=bind,target=/seed \\
    for d in repository wrapper; do if [ -d /seed/\$d ]; then cp -a -n /seed/\$d /root/.m2/; fi; done; du -sh /root/.m2
DOCKERFILE
    local parts=(repository)
    if [ -d "$m2/wrapper" ]; then parts+=(wrapper); fi
    if tar -C "$dir/seed" -c Dockerfile -C "$m2" "${parts[@]}" \
        | DOCKER_HOST="unix://$sock" DOCKER_BUILDKIT=1 docker build --no-cache --progress=plain -t webrtc-ims-stand-in/maven-cache-seed:latest - \
        >"$dir/warm-cache.log" 2>&1
    then
        log "BuildKit Maven cache seeded from $m2 in $((SECONDS - t1)) s"
    else
        log "could not seed the BuildKit Maven cache (the image build will download):"; tail -n 20 "$dir/warm-cache.log" >&2
    fi
}

stop() {
    if [ -f "$dir/dockerd.pid" ]; then
        local pid
        pid=$(cat "$dir/dockerd.pid")
        if kill -0 "$pid" 2>/dev/null; then
            DOCKER_HOST="unix://$sock" timeout 60 docker ps -q | xargs -r env DOCKER_HOST="unix://$sock" timeout 60 docker rm -f >/dev/null 2>&1 || true
            # every CI run builds new service images: drop the replaced ones and keep the build cache (the seeded Maven
            # cache mount included, when recently used) under 4 GB, so /var/tmp does not fill up run after run
            DOCKER_HOST="unix://$sock" timeout 120 docker image prune -f >/dev/null 2>&1 || true
            DOCKER_HOST="unix://$sock" timeout 300 docker builder prune -f --keep-storage 4gb >/dev/null 2>&1 || true
            kill "$pid"
            for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
            kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
            log "dockerd stopped"
        fi
        rm -f "$dir/dockerd.pid"
    fi
}

case "${1:-}" in
    start)
        if start; then echo ok > "$dir/ready"; else echo failed > "$dir/ready"; exit 1; fi ;;
    stop) stop ;;
    env) print_env ;;
    *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
