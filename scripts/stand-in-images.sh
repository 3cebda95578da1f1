#!/usr/bin/env bash
# Makes the base images that docker/Dockerfile and docker-compose.yml pin available to the Docker engine in use
# (DOCKER_HOST): each one that is neither present nor pullable is replaced by a local stand-in tagged with the
# exact pinned name, so that the Dockerfile and the Compose file build and run unchanged where no image registry
# can be reached (the project's CI machines). Real users pull the real images and never need this.
#
#   scripts/stand-in-images.sh            # pull, else build stand-ins for what is missing
#   scripts/stand-in-images.sh --list     # print the pinned names
#
# Stand-ins (docker/stand-in/*.Dockerfile), all on Debian bookworm made by debootstrap (needs root and the
# debootstrap package) from the Debian mirror the host's apt uses:
#   eclipse-temurin:*-jdk-*   Debian's openjdk-17-jdk-headless, curl, the host's extra CA certificates
#                             (/usr/local/share/ca-certificates/*.crt: the Maven wrapper downloads through them)
#   eclipse-temurin:*-jre-*   Debian's openjdk-17-jre-headless, curl
#   postgres:*                Debian's postgresql-15 with an entrypoint keeping the official image's contract
#   curlimages/curl:*         Debian's curl and /bin/sh
# Pull attempts are bounded (STANDIN_PULL_TIMEOUT seconds, default 20). The debootstrap tree is kept in
# STANDIN_CACHE (default /var/tmp/webrtc-ims-stand-in) between runs.
set -euo pipefail
cd "$(dirname "$0")/.."

pinned() {
    sed -n 's/^ARG JDK_IMAGE=//p; s/^ARG JRE_IMAGE=//p' docker/Dockerfile
    sed -n 's/^ *image: *\(postgres:[^ ]*\)$/\1/p; s/^ *image: *\(curlimages\/curl:[^ ]*\)$/\1/p' docker-compose.yml
}

if [ "${1:-}" = --list ]; then
    pinned
    exit 0
fi

docker=${DOCKER:-docker}
cache=${STANDIN_CACHE:-/var/tmp/webrtc-ims-stand-in}
pull_timeout=${STANDIN_PULL_TIMEOUT:-20}
base=webrtc-ims-stand-in/debian:bookworm
log() { echo "stand-in-images: $*" >&2; }

missing=()
for image in $(pinned); do
    if "$docker" image inspect "$image" >/dev/null 2>&1; then
        log "$image: present"
    else
        missing+=("$image")
    fi
done
[ ${#missing[@]} -gt 0 ] || exit 0

# try the registry first, all pulls at once, each bounded
declare -A pulls
for image in "${missing[@]}"; do
    timeout "$pull_timeout" "$docker" pull -q "$image" >/dev/null 2>&1 &
    pulls[$image]=$!
done
build=()
for image in "${missing[@]}"; do
    if wait "${pulls[$image]}"; then
        log "$image: pulled"
    else
        log "$image: cannot be pulled; building a stand-in"
        build+=("$image")
    fi
done
[ ${#build[@]} -gt 0 ] || exit 0

if ! "$docker" image inspect "$base" >/dev/null 2>&1; then
    mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)
    [ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' /etc/apt/sources.list 2>/dev/null)
    mirror=${mirror:-http://deb.debian.org/debian}
    command -v debootstrap >/dev/null || { log "debootstrap is missing (apt-get install debootstrap)"; exit 1; }
    rootfs="$cache/bookworm-rootfs"
    if [ ! -x "$rootfs/bin/sh" ] || [ ! -e "$rootfs/.complete" ]; then
        rm -rf "$rootfs"
        mkdir -p "$rootfs"
        log "debootstrap bookworm from $mirror"
        debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$cache/debootstrap.log" 2>&1 \
            || { tail -n 20 "$cache/debootstrap.log" >&2; exit 1; }
        rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
        touch "$rootfs/.complete"
    fi
    tar -C "$rootfs" --exclude=./.complete -c . | "$docker" import - "$base" >/dev/null
    log "$base: imported"
fi

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
cp docker/stand-in/* "$context/"
mkdir -p "$context/ca"
cp /usr/local/share/ca-certificates/*.crt "$context/ca/" 2>/dev/null || true

build_one() {
    local image="$1" kind
    case "$image" in
        eclipse-temurin:*jdk*) kind=jdk ;;
        eclipse-temurin:*jre*) kind=jre ;;
        postgres:*) kind=postgres ;;
        curlimages/curl:*) kind=curl ;;
        *) log "no stand-in for $image"; return 1 ;;
    esac
    if "$docker" build -q --build-arg BASE="$base" -f "$context/$kind.Dockerfile" -t "$image" \
        "$context" >"$cache/build-$kind.log" 2>&1; then
        log "$image: stand-in built ($kind)"
    else
        log "$image: stand-in build failed:"; tail -n 30 "$cache/build-$kind.log" >&2; return 1
    fi
}
# in parallel: mostly apt downloads
builds=()
for image in "${build[@]}"; do build_one "$image" & builds+=($!); done
failed=0
for pid in "${builds[@]}"; do wait "$pid" || failed=1; done
exit $failed
